import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The questions of people who erased their account read as erased (ErasedAskersProjector does it from now on).
 * This brings in line the rows of accounts erased before that projector existed.
 */
export class ConsultingErasedAskers1764800200000 implements MigrationInterface {
  name = 'ConsultingErasedAskers1764800200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE consulting_questions t SET text = '[erased]'
        FROM events e
       WHERE e.type = 'identity.account-erased' AND e.data->>'userId' = t.asker_id::text AND t.text IS NOT NULL`);
  }

  async down(): Promise<void> {
    // What was erased stays erased.
  }
}

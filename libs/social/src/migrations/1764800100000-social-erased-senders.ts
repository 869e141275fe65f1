import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What people who erased their account wrote in conversations reads as erased (ErasedSendersProjector does it from now on).
 * This brings in line the rows of accounts erased before that projector existed.
 */
export class SocialErasedSenders1764800100000 implements MigrationInterface {
  name = 'SocialErasedSenders1764800100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE social_messages t SET body = '[erased]'
        FROM events e
       WHERE e.type = 'identity.account-erased' AND e.data->>'userId' = t.sender_id::text AND t.body IS NOT NULL`);
  }

  async down(): Promise<void> {
    // What was erased stays erased.
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The refund reasons of buyers who erased their account read as erased (ErasedBuyersProjector does it from now on).
 * This brings in line the rows of accounts erased before that projector existed.
 */
export class CommerceErasedBuyers1764800300000 implements MigrationInterface {
  name = 'CommerceErasedBuyers1764800300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE commerce_refunds t SET reason = '[erased]'
        FROM events e
       WHERE e.type = 'identity.account-erased' AND e.data->>'userId' = t.buyer_id::text AND t.reason IS NOT NULL`);
  }

  async down(): Promise<void> {
    // What was erased stays erased.
  }
}

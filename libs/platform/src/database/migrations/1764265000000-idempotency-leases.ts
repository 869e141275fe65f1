import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An attempt that holds an Idempotency-Key renews a lease while it runs; only an expired lease
 * may be taken over, and each takeover gets the next attempt number (a fencing token), so a slow
 * attempt that is still alive is never run twice, and a superseded one cannot store its response.
 */
export class IdempotencyLeases1764265000000 implements MigrationInterface {
  name = 'IdempotencyLeases1764265000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE idempotency_keys ADD COLUMN attempt integer NOT NULL DEFAULT 1`);
    await db.query(`ALTER TABLE idempotency_keys ADD COLUMN lease_expires_at timestamptz`);
    await db.query(`UPDATE idempotency_keys SET lease_expires_at = created_at + interval '60 seconds' WHERE state = 'in_flight'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE idempotency_keys DROP COLUMN lease_expires_at`);
    await db.query(`ALTER TABLE idempotency_keys DROP COLUMN attempt`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chain (its length and head hash, Ed25519), append-only like the
 * chain. The chain's seq is now given by its one writer as the previous seq + 1, so a gap in it
 * means a removed row, never a rolled-back insert that used up an identity value.
 */
export class AuditCheckpoints1764700100000 implements MigrationInterface {
  name = 'AuditCheckpoints1764700100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_log ALTER COLUMN seq DROP IDENTITY`);
    // Rolled-back inserts left holes in the identity values: number the rows 1, 2, 3… once, so that
    // from now on a hole is evidence. seq is not part of any hash, so the chain still verifies.
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await db.query(`UPDATE audit_log SET seq = -seq`);
    await db.query(`UPDATE audit_log a SET seq = n.seq FROM (SELECT seq AS old, row_number() OVER (ORDER BY seq DESC) AS seq FROM audit_log) n WHERE a.seq = n.old`);
    await db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await db.query(`
      CREATE TABLE audit_checkpoints (
        id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chain_length  bigint      NOT NULL CHECK (chain_length >= 0),
        head_seq      bigint      NOT NULL CHECK (head_seq >= 0),
        head_hash     text        NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
        signed_at     timestamptz NOT NULL,
        key_id        text        NOT NULL,
        signature     text        NOT NULL
      )`);
    await db.query(`
      CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    await db.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_checkpoints`);
    await db.query(`ALTER TABLE audit_log ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY`);
    await db.query(`SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, false)`);
  }
}

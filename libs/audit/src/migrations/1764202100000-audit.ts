import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hash-chained audit log, one row per stored event, written by the worker's audit subscriber. */
export class Audit1764202100000 implements MigrationInterface {
  name = 'Audit1764202100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        seq             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        global_position bigint      NOT NULL,
        stream_id       text        NOT NULL,
        stream_type     text        NOT NULL,
        event_type      text        NOT NULL,
        actor_id        text,
        request_id      text,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        payload         jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        prev_hash       text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash            text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT audit_log_global_position_unique UNIQUE (global_position)
      )`);
    await db.query(`CREATE INDEX audit_log_stream_idx ON audit_log (stream_id, seq)`);
    await db.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq)`);
    // Defence in depth: the chain detects tampering, the platform's trigger function refuses it.
    await db.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    await db.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
  }
}

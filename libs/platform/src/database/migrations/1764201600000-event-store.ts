import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event store, subscription checkpoints and stored idempotent responses. */
export class EventStore1764201600000 implements MigrationInterface {
  name = 'EventStore1764201600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id       text        NOT NULL,
        stream_type     text        NOT NULL,
        version         integer     NOT NULL CHECK (version > 0),
        type            text        NOT NULL,
        schema_version  integer     NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, version)
      )`);
    await db.query(`CREATE INDEX events_type_idx ON events (type, global_position)`);
    // Events are facts: nothing may rewrite or delete them, whatever the caller. Any append-only
    // table (the audit log too) hangs this function on its triggers.
    await db.query(`
      CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    await db.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);

    await db.query(`
      CREATE TABLE projection_checkpoints (
        name       text        PRIMARY KEY,
        position   bigint      NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE idempotency_keys (
        scope          text        NOT NULL,
        key            text        NOT NULL,
        request_hash   text        NOT NULL,
        state          text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
        status_code    integer,
        response_body  jsonb,
        created_at     timestamptz NOT NULL DEFAULT now(),
        completed_at   timestamptz,
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
    await db.query(`DROP TABLE projection_checkpoints`);
    await db.query(`DROP TABLE events`);
    await db.query(`DROP FUNCTION refuse_append_only_change()`);
  }
}

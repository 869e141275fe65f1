import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbound webhooks: integrators' endpoints, their secrets, and the log of every delivery and attempt. */
export class Integrations1764680000000 implements MigrationInterface {
  name = 'Integrations1764680000000';

  async up(db: QueryRunner): Promise<void> {
    // Projected inline from the endpoint's stream. registered_position: events stored before it are not sent to it.
    await db.query(`
      CREATE TABLE integration_webhook_endpoints (
        id                  uuid        PRIMARY KEY,
        url                 text        NOT NULL,
        event_types         text[]      NOT NULL CHECK (cardinality(event_types) > 0),
        description         text        NOT NULL,
        status              text        NOT NULL CHECK (status IN ('enabled', 'disabled', 'deleted')),
        registered_by       uuid        NOT NULL,
        registered_position bigint      NOT NULL,
        created_at          timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL,
        secret_rotated_at   timestamptz
      )`);
    await db.query(`CREATE INDEX integration_webhook_endpoints_list_idx ON integration_webhook_endpoints (created_at DESC, id DESC)`);
    // Written by the commands in the append's transaction, encrypted (FieldCipher); forgotten when the endpoint is deleted.
    await db.query(`
      CREATE TABLE integration_webhook_secrets (
        endpoint_id          uuid        PRIMARY KEY,
        secret               text        NOT NULL,
        previous_secret      text,
        previous_valid_until timestamptz,
        created_at           timestamptz NOT NULL
      )`);
    // One delivery per (endpoint, event): a replayed event finds its delivery already there.
    await db.query(`
      CREATE TABLE integration_webhook_deliveries (
        id                  uuid        PRIMARY KEY,
        endpoint_id         uuid        NOT NULL,
        event_position      bigint      NOT NULL,
        event_type          text        NOT NULL,
        payload             text        NOT NULL,
        status              text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'canceled')),
        attempts            integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_status_code    integer,
        last_attempt_at     timestamptz,
        delivered_at        timestamptz,
        failed_at           timestamptz,
        redelivery_position bigint,
        created_at          timestamptz NOT NULL,
        UNIQUE (endpoint_id, event_position)
      )`);
    await db.query(`CREATE INDEX integration_webhook_deliveries_list_idx ON integration_webhook_deliveries (endpoint_id, created_at DESC, id DESC)`);
    // The dispatcher looks up an event's deliveries still to send.
    await db.query(`CREATE INDEX integration_webhook_deliveries_pending_idx ON integration_webhook_deliveries (event_position) WHERE status = 'pending'`);
    await db.query(`
      CREATE TABLE integration_webhook_attempts (
        delivery_id      uuid        NOT NULL REFERENCES integration_webhook_deliveries (id) ON DELETE CASCADE,
        attempt          integer     NOT NULL CHECK (attempt > 0),
        trigger          text        NOT NULL CHECK (trigger IN ('event', 'redelivery')),
        started_at       timestamptz NOT NULL,
        latency_ms       integer     NOT NULL CHECK (latency_ms >= 0),
        outcome          text        NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
        status_code      integer,
        response_snippet text,
        error            text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['integration_webhook_attempts', 'integration_webhook_deliveries', 'integration_webhook_secrets', 'integration_webhook_endpoints']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}

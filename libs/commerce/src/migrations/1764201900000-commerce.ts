import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Commerce read models: what is for sale, orders, entitlements, the ledger, webhook dedup. */
export class Commerce1764201900000 implements MigrationInterface {
  name = 'Commerce1764201900000';

  async up(db: QueryRunner): Promise<void> {
    // What can be bought, projected from catalog.content-approved.
    await db.query(`
      CREATE TABLE commerce_products (
        content_id   uuid        PRIMARY KEY,
        creator_id   uuid        NOT NULL,
        title        text        NOT NULL,
        price_cents  integer     NOT NULL CHECK (price_cents >= 0),
        currency     char(3)     NOT NULL,
        published_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE commerce_orders (
        id           uuid        PRIMARY KEY,
        buyer_id     uuid        NOT NULL,
        status       text        NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
        items        jsonb       NOT NULL,
        total_cents  integer     NOT NULL CHECK (total_cents >= 0),
        currency     char(3)     NOT NULL,
        payment_id   text        NOT NULL UNIQUE,
        provider     text        NOT NULL,
        failure_reason text,
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL,
        paid_at      timestamptz
      )`);
    await db.query(`CREATE INDEX commerce_orders_buyer_idx ON commerce_orders (buyer_id, created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE commerce_entitlements (
        user_id    uuid        NOT NULL,
        content_id uuid        NOT NULL,
        order_id   uuid        NOT NULL,
        granted_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, content_id)
      )`);
    // Double entry: each posting is one transaction whose lines sum to zero (debit > 0, credit < 0).
    await db.query(`
      CREATE TABLE commerce_ledger_lines (
        id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id text        NOT NULL,
        order_id       uuid        NOT NULL,
        account        text        NOT NULL,
        amount_cents   bigint      NOT NULL CHECK (amount_cents <> 0),
        currency       char(3)     NOT NULL,
        posted_at      timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX commerce_ledger_lines_tx_idx ON commerce_ledger_lines (transaction_id)`);
    await db.query(`
      CREATE TABLE commerce_webhook_events (
        provider    text        NOT NULL,
        event_id    text        NOT NULL,
        type        text        NOT NULL,
        payment_id  text        NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, event_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['commerce_webhook_events', 'commerce_ledger_lines', 'commerce_entitlements', 'commerce_orders', 'commerce_products']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}

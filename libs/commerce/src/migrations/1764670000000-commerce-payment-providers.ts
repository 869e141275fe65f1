import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The provider's own id of each payment opened there (Stripe's PaymentIntent), and what reconciliation found. */
export class CommercePaymentProviders1764670000000 implements MigrationInterface {
  name = 'CommercePaymentProviders1764670000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_provider_payments (
        provider     text        NOT NULL,
        payment_id   text        NOT NULL,
        provider_ref text        NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, payment_id),
        UNIQUE (provider, provider_ref)
      )`);
    // One row per payment that the provider's settlements and the ledger disagree about, per day.
    await db.query(`
      CREATE TABLE commerce_reconciliation_differences (
        provider       text        NOT NULL,
        day            date        NOT NULL,
        payment_id     text        NOT NULL,
        kind           text        NOT NULL CHECK (kind IN ('missing_in_ledger', 'missing_at_provider', 'amount_mismatch')),
        provider_cents bigint,
        ledger_cents   bigint,
        currency       char(3)     NOT NULL,
        found_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, day, payment_id)
      )`);
    await db.query(`CREATE INDEX commerce_reconciliation_differences_day_idx ON commerce_reconciliation_differences (day DESC, provider, payment_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE commerce_reconciliation_differences`);
    await db.query(`DROP TABLE commerce_provider_payments`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Membership plans, subscriptions, their charges, and the access each gives while it runs. */
export class CommerceMemberships1764660000000 implements MigrationInterface {
  name = 'CommerceMemberships1764660000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_plans (
        plan_id     uuid        PRIMARY KEY,
        name        text        NOT NULL,
        scope       jsonb       NOT NULL,
        owner_id    uuid        NOT NULL,
        price_cents bigint      NOT NULL CHECK (price_cents > 0),
        currency    char(3)     NOT NULL,
        period      jsonb       NOT NULL,
        trial_days  integer     NOT NULL,
        status      text        NOT NULL CHECK (status IN ('offered', 'retired')),
        created_at  timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX commerce_plans_owner_idx ON commerce_plans (owner_id, created_at DESC)`);
    await db.query(`
      CREATE TABLE commerce_subscriptions (
        subscription_id uuid        PRIMARY KEY,
        user_id         uuid        NOT NULL,
        plan_id         uuid        NOT NULL,
        status          text        NOT NULL CHECK (status IN ('trialing', 'pending', 'active', 'past_due', 'expired')),
        canceled        boolean     NOT NULL DEFAULT false,
        paid_until      timestamptz,
        trial_ends_at   timestamptz,
        next_retry_at   timestamptz,
        grace_ends_at   timestamptz,
        started_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX commerce_subscriptions_user_idx ON commerce_subscriptions (user_id, updated_at DESC)`);
    await db.query(`
      CREATE TABLE commerce_subscription_payments (
        payment_id      text        PRIMARY KEY,
        subscription_id uuid        NOT NULL,
        amount_cents    bigint      NOT NULL,
        currency        char(3)     NOT NULL,
        attempt         integer     NOT NULL,
        status          text        NOT NULL CHECK (status IN ('open', 'paid', 'failed', 'canceled', 'owed-back')),
        payable_until   timestamptz NOT NULL,
        requested_at    timestamptz NOT NULL
      )`);
    // What a running subscription opens: everything (platform), a creator's catalogue, or one content, in a window.
    await db.query(`
      CREATE TABLE commerce_subscription_access (
        subscription_id uuid        PRIMARY KEY,
        user_id         uuid        NOT NULL,
        scope_kind      text        NOT NULL CHECK (scope_kind IN ('platform', 'creator', 'content')),
        scope_id        text,
        valid_from      timestamptz NOT NULL,
        valid_to        timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX commerce_subscription_access_user_idx ON commerce_subscription_access (user_id, valid_to)`);
    // Money owed back is no longer only an order's: a membership charge that came too late is too.
    await db.query(`ALTER TABLE commerce_refunds_due DROP CONSTRAINT commerce_refunds_due_pkey`);
    await db.query(`ALTER TABLE commerce_refunds_due ALTER COLUMN order_id DROP NOT NULL`);
    await db.query(`ALTER TABLE commerce_refunds_due ADD COLUMN subscription_id uuid`);
    await db.query(`ALTER TABLE commerce_refunds_due ADD PRIMARY KEY (payment_id, reason)`);
    await db.query(`ALTER TABLE commerce_refunds_due ADD CHECK ((order_id IS NULL) <> (subscription_id IS NULL))`);
    await db.query(`ALTER TABLE commerce_refunds_due DROP CONSTRAINT commerce_refunds_due_reason_check`);
    await db.query(`ALTER TABLE commerce_refunds_due ADD CONSTRAINT commerce_refunds_due_reason_check
      CHECK (reason IN ('already-owned', 'late-payment', 'late-subscription-payment'))`);
    await db.query(`DROP INDEX commerce_refunds_due_recorded_idx`);
    await db.query(`CREATE INDEX commerce_refunds_due_recorded_idx ON commerce_refunds_due (recorded_at DESC, payment_id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM commerce_refunds_due WHERE subscription_id IS NOT NULL`);
    await db.query(`DROP INDEX commerce_refunds_due_recorded_idx`);
    await db.query(`CREATE INDEX commerce_refunds_due_recorded_idx ON commerce_refunds_due (recorded_at DESC, order_id DESC)`);
    await db.query(`ALTER TABLE commerce_refunds_due DROP CONSTRAINT commerce_refunds_due_reason_check`);
    await db.query(`ALTER TABLE commerce_refunds_due ADD CONSTRAINT commerce_refunds_due_reason_check CHECK (reason IN ('already-owned', 'late-payment'))`);
    await db.query(`ALTER TABLE commerce_refunds_due DROP COLUMN subscription_id`);
    await db.query(`ALTER TABLE commerce_refunds_due DROP CONSTRAINT commerce_refunds_due_pkey`);
    await db.query(`ALTER TABLE commerce_refunds_due ALTER COLUMN order_id SET NOT NULL`);
    await db.query(`ALTER TABLE commerce_refunds_due ADD PRIMARY KEY (order_id, reason)`);
    for (const table of ['commerce_subscription_access', 'commerce_subscription_payments', 'commerce_subscriptions', 'commerce_plans']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}

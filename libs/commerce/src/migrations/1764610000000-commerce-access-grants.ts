import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access as grants: why a user may read an item (an order item, a subscription period, a bundle,
 * a coupon, a free item, staff), from when, until when, and whether it was revoked and why. A
 * user may hold several grants for one item; access ends when the last one ends. Replaces the
 * (user, content) entitlement rows, which could say none of that.
 */
export class CommerceAccessGrants1764610000000 implements MigrationInterface {
  name = 'CommerceAccessGrants1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_access_grants (
        source_type    text        NOT NULL CHECK (source_type IN ('order-item', 'subscription-period', 'bundle', 'coupon', 'free', 'staff')),
        source_id      text        NOT NULL,
        content_id     uuid        NOT NULL,
        user_id        uuid        NOT NULL,
        valid_from     timestamptz NOT NULL,
        valid_to       timestamptz,
        revoked_at     timestamptz,
        revoked_reason text,
        granted_at     timestamptz NOT NULL,
        PRIMARY KEY (source_type, source_id, content_id),
        CHECK (valid_to IS NULL OR valid_to > valid_from),
        CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      )`);
    await db.query(`CREATE INDEX commerce_access_grants_user_idx ON commerce_access_grants (user_id, content_id)`);
    await db.query(`
      INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, granted_at)
      SELECT 'order-item', order_id::text, content_id, user_id, granted_at, granted_at FROM commerce_entitlements`);
    await db.query(`DROP TABLE commerce_entitlements`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_entitlements (
        user_id uuid NOT NULL, content_id uuid NOT NULL, order_id uuid NOT NULL, granted_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, content_id)
      )`);
    await db.query(`
      INSERT INTO commerce_entitlements (user_id, content_id, order_id, granted_at)
      SELECT DISTINCT ON (user_id, content_id) user_id, content_id, source_id::uuid, granted_at
        FROM commerce_access_grants WHERE source_type = 'order-item' AND revoked_at IS NULL
       ORDER BY user_id, content_id, granted_at`);
    await db.query(`DROP TABLE commerce_access_grants`);
  }
}

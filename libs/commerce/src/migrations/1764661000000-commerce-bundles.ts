import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bundles (组合课) on offer, and the bundle an order bought. */
export class CommerceBundles1764661000000 implements MigrationInterface {
  name = 'CommerceBundles1764661000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_bundles (
        bundle_id   uuid        PRIMARY KEY,
        creator_id  uuid        NOT NULL,
        title       text        NOT NULL,
        content_ids uuid[]      NOT NULL,
        price_cents bigint      NOT NULL CHECK (price_cents > 0),
        currency    char(3)     NOT NULL,
        status      text        NOT NULL CHECK (status IN ('offered', 'retired')),
        created_at  timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX commerce_bundles_created_idx ON commerce_bundles (created_at DESC, bundle_id DESC)`);
    await db.query(`CREATE INDEX commerce_bundles_content_idx ON commerce_bundles USING gin (content_ids)`);
    await db.query(`ALTER TABLE commerce_orders ADD COLUMN bundle jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_orders DROP COLUMN bundle`);
    await db.query(`DROP TABLE commerce_bundles`);
  }
}

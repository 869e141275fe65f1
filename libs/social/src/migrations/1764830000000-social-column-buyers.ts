import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who holds a column by purchase, so its new instalments reach its buyers as well as its followers. */
export class SocialColumnBuyers1764830000000 implements MigrationInterface {
  name = 'SocialColumnBuyers1764830000000';

  async up(db: QueryRunner): Promise<void> {
    // Projected inline from commerce.order-paid (columns only), less orders refunded in full or charged back.
    await db.query(`
      CREATE TABLE social_column_buyers (
        order_id   uuid NOT NULL,
        buyer_id   uuid NOT NULL,
        content_id uuid NOT NULL,
        PRIMARY KEY (order_id, content_id)
      )`);
    // Serves the fan-out: a column's buyers, in pages of buyer ids.
    await db.query(`CREATE INDEX social_column_buyers_column_idx ON social_column_buyers (content_id, buyer_id)`);
    // The purchases made before this table existed, from the same events the projector reads (two scans of
    // the events, joined by hash: no per-order lookup in a table that has no index on orderId).
    await db.query(`
      WITH taken_back AS (
        SELECT DISTINCT data->>'orderId' AS order_id FROM events
         WHERE type = 'commerce.order-charged-back' OR (type = 'commerce.order-refunded' AND (data->>'fullyRefunded')::boolean)
      )
      INSERT INTO social_column_buyers (order_id, buyer_id, content_id)
      SELECT DISTINCT (paid.data->>'orderId')::uuid, (paid.data->>'buyerId')::uuid, column_item.content_id
        FROM events paid
       CROSS JOIN LATERAL (SELECT (item->>'contentId')::uuid AS content_id FROM jsonb_array_elements(paid.data->'items') AS item
                            WHERE item->>'kind' IS NULL) AS column_item
        JOIN social_contents content ON content.content_id = column_item.content_id AND content.kind = 'column'
       WHERE paid.type = 'commerce.order-paid'
         AND NOT EXISTS (SELECT 1 FROM taken_back WHERE taken_back.order_id = paid.data->>'orderId')
      ON CONFLICT DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE social_column_buyers`);
  }
}

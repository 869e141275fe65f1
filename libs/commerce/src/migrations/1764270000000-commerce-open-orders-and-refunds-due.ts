import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One unpaid order per buyer and item, and the money finance owes back to buyers. */
export class CommerceOpenOrdersAndRefundsDue1764270000000 implements MigrationInterface {
  name = 'CommerceOpenOrdersAndRefundsDue1764270000000';

  async up(db: QueryRunner): Promise<void> {
    // The items of each pending order: the key makes a second pending order for an item impossible,
    // whatever races, so two payments can never both buy one item.
    await db.query(`
      CREATE TABLE commerce_open_order_items (
        buyer_id   uuid NOT NULL,
        content_id uuid NOT NULL,
        order_id   uuid NOT NULL,
        PRIMARY KEY (buyer_id, content_id)
      )`);
    await db.query(`CREATE INDEX commerce_open_order_items_order_idx ON commerce_open_order_items (order_id)`);
    await db.query(`
      INSERT INTO commerce_open_order_items (buyer_id, content_id, order_id)
      SELECT o.buyer_id, (item->>'contentId')::uuid, o.id
        FROM commerce_orders o, jsonb_array_elements(o.items) AS item
       WHERE o.status = 'pending'
      ON CONFLICT DO NOTHING`);

    await db.query(`
      CREATE TABLE commerce_refunds_due (
        order_id     uuid        NOT NULL,
        reason       text        NOT NULL CHECK (reason IN ('already-owned', 'late-payment')),
        buyer_id     uuid        NOT NULL,
        payment_id   text        NOT NULL,
        amount_cents bigint      NOT NULL CHECK (amount_cents > 0),
        currency     char(3)     NOT NULL,
        content_ids  uuid[]      NOT NULL,
        recorded_at  timestamptz NOT NULL,
        PRIMARY KEY (order_id, reason)
      )`);
    await db.query(`CREATE INDEX commerce_refunds_due_recorded_idx ON commerce_refunds_due (recorded_at DESC, order_id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE commerce_refunds_due`);
    await db.query(`DROP TABLE commerce_open_order_items`);
  }
}

import type { EntityManager } from 'typeorm';
import { type EventPosition, START_OF_EVENTS } from './recorded-event.js';

interface CheckpointRow {
  transaction_id: string;
  position: string;
}

/** Named places in the global event order, moved only by compare-and-set. */
export const checkpoints = {
  async ensure(manager: EntityManager, name: string): Promise<void> {
    await manager.query(
      `INSERT INTO projection_checkpoints (name, transaction_id, position) VALUES ($1, '0', 0) ON CONFLICT (name) DO NOTHING`,
      [name],
    );
  },

  async read(manager: EntityManager, name: string): Promise<EventPosition> {
    const rows: CheckpointRow[] = await manager.query(
      `SELECT transaction_id, position FROM projection_checkpoints WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    return row ? { transactionId: row.transaction_id, globalPosition: Number(row.position) } : START_OF_EVENTS;
  },

  /** Moves `name` from `expected` to `next`; false if someone else moved it first. */
  async compareAndSet(manager: EntityManager, name: string, expected: EventPosition, next: EventPosition): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE projection_checkpoints SET transaction_id = $4, position = $5, updated_at = now()
        WHERE name = $1 AND transaction_id = $2 AND position = $3`,
      [name, expected.transactionId, expected.globalPosition, next.transactionId, next.globalPosition],
    );
    return affected === 1;
  },
};

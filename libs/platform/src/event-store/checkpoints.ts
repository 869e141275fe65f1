import type { EntityManager } from 'typeorm';

/** Named positions in the global event order, moved only by compare-and-set. */
export const checkpoints = {
  async ensure(manager: EntityManager, name: string): Promise<void> {
    await manager.query(
      `INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`,
      [name],
    );
  },

  async read(manager: EntityManager, name: string): Promise<number> {
    const rows: { position: string }[] = await manager.query(
      `SELECT position FROM projection_checkpoints WHERE name = $1`,
      [name],
    );
    return rows.length === 0 ? 0 : Number(rows[0]!.position);
  },

  /** Moves `name` from `expected` to `next`; false if someone else moved it first. */
  async compareAndSet(manager: EntityManager, name: string, expected: number, next: number): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE projection_checkpoints SET position = $3, updated_at = now() WHERE name = $1 AND position = $2`,
      [name, expected, next],
    );
    return affected === 1;
  },
};

import type { EntityManager } from 'typeorm';
import type { EventPosition } from './recorded-event.js';

export type ParkedStatus = 'parked' | 'retry_requested' | 'resolved';

export interface ParkedEvent {
  readonly subscription: string;
  readonly globalPosition: number;
  readonly transactionId: string;
  readonly eventType: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly status: ParkedStatus;
  readonly parkedAt: Date;
  readonly updatedAt: Date;
}

interface ParkedRow {
  subscription: string;
  global_position: string;
  transaction_id: string;
  event_type: string;
  attempts: number;
  last_error: string;
  status: ParkedStatus;
  parked_at: Date;
  updated_at: Date;
}

const toParked = (row: ParkedRow): ParkedEvent => ({
  subscription: row.subscription,
  globalPosition: Number(row.global_position),
  transactionId: row.transaction_id,
  eventType: row.event_type,
  attempts: row.attempts,
  lastError: row.last_error,
  status: row.status,
  parkedAt: row.parked_at,
  updatedAt: row.updated_at,
});

/** Errors are kept for staff to read, not whole: a stack or a huge message stays in the log. */
const describe = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 2000);

/** Events a subscriber gave up on, kept with their error until staff ask for a retry. */
export const parkedEvents = {
  async park(manager: EntityManager, subscription: string, position: EventPosition, eventType: string, attempts: number, error: unknown) {
    await manager.query(
      `INSERT INTO subscription_parked_events (subscription, transaction_id, global_position, event_type, attempts, last_error, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'parked')
       ON CONFLICT (subscription, global_position) DO UPDATE
         SET attempts = subscription_parked_events.attempts + EXCLUDED.attempts, last_error = EXCLUDED.last_error,
             status = 'parked', updated_at = now()`,
      [subscription, position.transactionId, position.globalPosition, eventType, attempts, describe(error)],
    );
  },

  async retryRequested(manager: EntityManager, subscription: string, limit: number): Promise<ParkedEvent[]> {
    const rows: ParkedRow[] = await manager.query(
      `SELECT * FROM subscription_parked_events WHERE subscription = $1 AND status = 'retry_requested'
        ORDER BY transaction_id, global_position LIMIT $2`,
      [subscription, limit],
    );
    return rows.map(toParked);
  },

  async resolve(manager: EntityManager, subscription: string, globalPosition: number): Promise<void> {
    await manager.query(
      `UPDATE subscription_parked_events SET status = 'resolved', updated_at = now() WHERE subscription = $1 AND global_position = $2`,
      [subscription, globalPosition],
    );
  },

  async failedAgain(manager: EntityManager, subscription: string, globalPosition: number, error: unknown): Promise<void> {
    await manager.query(
      `UPDATE subscription_parked_events SET status = 'parked', attempts = attempts + 1, last_error = $3, updated_at = now()
        WHERE subscription = $1 AND global_position = $2`,
      [subscription, globalPosition, describe(error)],
    );
  },

  /** Parked (or retry-requested) events of one subscription, oldest first, after `afterPosition`. */
  async list(manager: EntityManager, subscription: string, afterPosition: number | null, limit: number): Promise<ParkedEvent[]> {
    const rows: ParkedRow[] = await manager.query(
      `SELECT * FROM subscription_parked_events
        WHERE subscription = $1 AND status <> 'resolved' AND ($2::bigint IS NULL OR global_position > $2::bigint)
        ORDER BY global_position LIMIT $3`,
      [subscription, afterPosition, limit],
    );
    return rows.map(toParked);
  },

  /** Asks the subscription's leader to deliver a parked event again; null if nothing is parked there. */
  async requestRetry(manager: EntityManager, subscription: string, globalPosition: number): Promise<ParkedEvent | null> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [ParkedRow[], number] = await manager.query(
      `UPDATE subscription_parked_events SET status = 'retry_requested', updated_at = now()
        WHERE subscription = $1 AND global_position = $2 AND status <> 'resolved'
        RETURNING *`,
      [subscription, globalPosition],
    );
    return rows[0] ? toParked(rows[0]) : null;
  },
};

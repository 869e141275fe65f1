import type { EntityManager } from 'typeorm';
import type { EventPosition } from './recorded-event.js';
import { SUBSCRIPTION_LOCK_CLASS } from './subscription-locks.js';

export interface SubscriptionStatus {
  readonly name: string;
  readonly position: EventPosition;
  /** Whether some process leads it right now (holds its lock). */
  readonly running: boolean;
  /** Committed events it has not passed yet. */
  readonly eventsBehind: number;
  /** Age of the oldest of those; 0 when it is caught up. */
  readonly secondsBehind: number;
  readonly parkedEvents: number;
  readonly checkpointMovedAt: Date;
}

interface StatusRow {
  name: string;
  transaction_id: string;
  position: string;
  updated_at: Date;
  running: boolean;
  events_behind: string;
  seconds_behind: number | null;
  parked: string;
}

/** Every subscription that has run, with its lag and parked events (one row each, by name). */
export async function subscriptionStatuses(manager: EntityManager): Promise<SubscriptionStatus[]> {
  const rows: StatusRow[] = await manager.query(
    `SELECT c.name, c.transaction_id, c.position, c.updated_at,
            EXISTS (SELECT 1 FROM pg_locks l
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND l.classid::bigint = $1 AND l.objid::bigint = (hashtext(c.name)::bigint & 4294967295)) AS running,
            behind.events AS events_behind,
            extract(epoch FROM clock_timestamp() - behind.oldest)::float8 AS seconds_behind,
            (SELECT count(*) FROM subscription_parked_events p WHERE p.subscription = c.name AND p.status <> 'resolved') AS parked
       FROM projection_checkpoints c
       CROSS JOIN LATERAL (
         SELECT count(*) AS events, min(e.created_at) AS oldest
           FROM events e WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.position)
       ) behind
      ORDER BY c.name`,
    [SUBSCRIPTION_LOCK_CLASS],
  );
  return rows.map((row) => ({
    name: row.name,
    position: { transactionId: row.transaction_id, globalPosition: Number(row.position) },
    running: row.running,
    eventsBehind: Number(row.events_behind),
    secondsBehind: Math.max(0, Math.round((row.seconds_behind ?? 0) * 10) / 10),
    parkedEvents: Number(row.parked),
    checkpointMovedAt: row.updated_at,
  }));
}

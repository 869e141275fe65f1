import type { AuditEntry } from '../chain/hash-chain.js';

/** A row of audit_log as node-postgres returns it (bigints as strings). */
export interface AuditLogRow {
  seq: string;
  global_position: string;
  stream_id: string;
  stream_type: string;
  event_type: string;
  actor_id: string | null;
  request_id: string | null;
  occurred_at: Date;
  payload: unknown;
  metadata: unknown;
  prev_hash: string;
  hash: string;
}

/** What the row's hash seals; must mirror what AuditTrailSubscriber hashed when it wrote the row. */
export function entryOfRow(row: AuditLogRow): AuditEntry {
  return {
    globalPosition: Number(row.global_position),
    streamId: row.stream_id,
    streamType: row.stream_type,
    eventType: row.event_type,
    actorId: row.actor_id,
    requestId: row.request_id,
    occurredAt: row.occurred_at.toISOString(),
    payload: row.payload,
    metadata: row.metadata,
  };
}

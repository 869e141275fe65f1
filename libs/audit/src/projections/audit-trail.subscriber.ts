import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EventSubscriber, EventSubscription, type RecordedEvent } from '#platform';
import { type AuditEntry, chainHash, GENESIS_HASH, redactSecrets } from '../chain/hash-chain.js';

/**
 * Appends one hash-chained audit_log row per stored event, in the global order. Transactional
 * delivery commits the rows with the checkpoint (each event exactly once), and the runner's
 * lock means one writer, so reading the head hash first cannot race another writer.
 */
@Injectable()
@EventSubscription()
export class AuditTrailSubscriber implements EventSubscriber {
  readonly subscriptionName = 'audit';
  readonly delivery = 'transactional' as const;

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const [head]: { hash: string }[] = await manager.query(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    let prevHash = head?.hash ?? GENESIS_HASH;
    // One insert per event: seq is assigned in chain order, which a multi-row insert does not promise.
    for (const event of events) {
      const entry = this.entryOf(event);
      const hash = chainHash(prevHash, entry);
      // An event audited already (a checkpoint migrated from the older position-only order can
      // replay a few) keeps its one row and does not extend the chain again.
      const inserted: unknown[] = await manager.query(
        `INSERT INTO audit_log
           (global_position, stream_id, stream_type, event_type, actor_id, request_id, occurred_at, payload, metadata, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)
         ON CONFLICT (global_position) DO NOTHING
         RETURNING seq`,
        [
          entry.globalPosition,
          entry.streamId,
          entry.streamType,
          entry.eventType,
          entry.actorId,
          entry.requestId,
          entry.occurredAt,
          JSON.stringify(entry.payload),
          JSON.stringify(entry.metadata),
          prevHash,
          hash,
        ],
      );
      if (inserted.length === 1) prevHash = hash;
    }
  }

  private entryOf(event: RecordedEvent): AuditEntry {
    // Stored metadata of old events may lack fields: absent means unknown (null).
    const metadata = redactSecrets(event.metadata ?? {});
    return {
      globalPosition: event.globalPosition,
      streamId: event.streamId,
      streamType: event.streamType,
      eventType: event.type,
      actorId: metadata.actorId ?? null,
      requestId: metadata.requestId ?? null,
      occurredAt: event.createdAt.toISOString(),
      payload: redactSecrets(event.data),
      metadata,
    };
  }
}

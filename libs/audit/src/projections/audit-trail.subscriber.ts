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
    const [head]: { seq: string; hash: string }[] = await manager.query(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    let prevHash = head?.hash ?? GENESIS_HASH;
    // seq follows on from the head, without holes: a hole in it is a removed row (verify reports it).
    let prevSeq = head ? Number(head.seq) : 0;
    for (const event of events) {
      const entry = this.entryOf(event);
      const hash = chainHash(prevHash, entry);
      // An event audited already (a checkpoint migrated from the older position-only order can
      // replay a few) keeps its one row and does not extend the chain again.
      const inserted: unknown[] = await manager.query(
        `INSERT INTO audit_log
           (seq, global_position, stream_id, stream_type, event_type, actor_id, request_id, occurred_at, payload, metadata, prev_hash, hash)
         VALUES ($12, $1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)
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
          prevSeq + 1,
        ],
      );
      if (inserted.length === 1) {
        prevHash = hash;
        prevSeq++;
      }
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

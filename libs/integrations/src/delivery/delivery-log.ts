import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { nameBasedUuid, type RecordedEvent } from '#platform';
import type { WebhookEventType } from '../domain/webhook-event-types.js';
import type { AttemptResult } from './webhook-sender.js';

/** Namespace of delivery ids: one id per (endpoint, event), whoever computes it and however often. */
const DELIVERY_NAMESPACE = '6f1d1c1e-4a55-4c0e-9a57-2d1b3f0b7e21';

/** A commerce event's own delivery keeps the id it always had; a change of access it makes is told apart by its type. */
export const deliveryIdOf = (endpointId: string, eventPosition: number, derivedType?: string): string =>
  nameBasedUuid(DELIVERY_NAMESPACE, derivedType ? `${endpointId}/${eventPosition}/${derivedType}` : `${endpointId}/${eventPosition}`);

/** What integrators receive: the same bytes on every attempt and redelivery. `id` is theirs to deduplicate by. */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  data: unknown;
}

/** What one stored event is sent as: itself, or a change it made (`derived`, e.g. of someone's access). */
export interface OutgoingEvent {
  type: WebhookEventType;
  data: unknown;
  derived: boolean;
}

/** A delivery as a job needs it: where it goes and what it sends. */
export interface DeliveryToSend {
  id: string;
  endpointId: string;
  eventType: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed' | 'canceled';
  url: string;
  endpointStatus: 'enabled' | 'disabled' | 'deleted';
  redeliveryPosition: number | null;
}

/** integration_webhook_deliveries and _attempts: what was to be sent, and what each attempt came to. */
@Injectable()
export class DeliveryLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The deliveries of one event, as each public type it is sent as (itself, a change of access it
   * made), one per enabled endpoint subscribed to that type and registered before the event; created
   * once, however often the event is handed over. Returns the ids of this event's deliveries still
   * waiting to be sent.
   */
  async open(manager: EntityManager, event: RecordedEvent, sent: readonly OutgoingEvent[], now: Date): Promise<string[]> {
    for (const { type, data, derived } of sent) {
      const endpoints: { id: string }[] = await manager.query(
        `SELECT id FROM integration_webhook_endpoints
          WHERE status = 'enabled' AND $1 = ANY (event_types) AND registered_position < $2`,
        [type, event.globalPosition],
      );
      for (const { id: endpointId } of endpoints) {
        const id = deliveryIdOf(endpointId, event.globalPosition, derived ? type : undefined);
        const payload: WebhookPayload = { id, type, occurredAt: event.createdAt.toISOString(), data };
        await manager.query(
          `INSERT INTO integration_webhook_deliveries (id, endpoint_id, event_position, event_type, payload, status, created_at)
           VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT (id) DO NOTHING`,
          [id, endpointId, event.globalPosition, type, JSON.stringify(payload), now],
        );
      }
    }
    const pending: { id: string }[] = await manager.query(
      `SELECT id FROM integration_webhook_deliveries WHERE event_position = $1 AND status = 'pending' ORDER BY id`,
      [event.globalPosition],
    );
    return pending.map((row) => row.id);
  }

  async load(deliveryId: string): Promise<DeliveryToSend | null> {
    const [row]: DeliveryToSend[] = await this.dataSource.query(
      `SELECT d.id, d.endpoint_id AS "endpointId", d.event_type AS "eventType", d.payload, d.status, e.url, e.status AS "endpointStatus",
              d.redelivery_position::int AS "redeliveryPosition"
         FROM integration_webhook_deliveries d JOIN integration_webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return row ?? null;
  }

  /**
   * Opens a delivery again for the redelivery requested at `position`; true while that request is
   * still to be carried out (false once it was, or a later request took over).
   */
  async reopen(deliveryId: string, position: number): Promise<boolean> {
    await this.dataSource.query(
      `UPDATE integration_webhook_deliveries SET status = 'pending', redelivery_position = $2, failed_at = NULL
        WHERE id = $1 AND (redelivery_position IS NULL OR redelivery_position < $2)`,
      [deliveryId, position],
    );
    const [row]: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM integration_webhook_deliveries WHERE id = $1 AND redelivery_position = $2 AND status = 'pending'`,
      [deliveryId, position],
    );
    return row !== undefined;
  }

  /** The endpoint was disabled or deleted before this delivery went out: it will not. */
  async cancel(deliveryId: string): Promise<void> {
    await this.dataSource.query(`UPDATE integration_webhook_deliveries SET status = 'canceled' WHERE id = $1 AND status = 'pending'`, [deliveryId]);
  }

  /** Logs one attempt; a success delivers, a failure on the last attempt fails the delivery. */
  async recordAttempt(deliveryId: string, trigger: 'event' | 'redelivery', startedAt: Date, result: AttemptResult, last: boolean): Promise<void> {
    const outcome = result.outcome === 'succeeded' ? 'delivered' : last ? 'failed' : 'pending';
    const finishedAt = new Date(startedAt.getTime() + result.latencyMs);
    await this.dataSource.query(
      `WITH counted AS (
         UPDATE integration_webhook_deliveries
            SET attempts = attempts + 1, last_status_code = $3, last_attempt_at = $4, status = $5,
                delivered_at = CASE WHEN $5 = 'delivered' THEN $9::timestamptz ELSE delivered_at END,
                failed_at = CASE WHEN $5 = 'failed' THEN $9::timestamptz ELSE NULL END
          WHERE id = $1
          RETURNING attempts)
       INSERT INTO integration_webhook_attempts (delivery_id, attempt, trigger, started_at, latency_ms, outcome, status_code, response_snippet, error)
       SELECT $1, attempts, $2, $4, $6, $7, $3, $8, $10 FROM counted`,
      [deliveryId, trigger, result.statusCode, startedAt, outcome, result.latencyMs, result.outcome, result.responseSnippet, finishedAt, result.error],
    );
  }
}

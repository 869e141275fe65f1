import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import { IntegrationsErrors } from '../domain/integrations.errors.js';

export interface WebhookAttemptView {
  attempt: number;
  trigger: 'event' | 'redelivery';
  startedAt: string;
  latencyMs: number;
  outcome: 'succeeded' | 'failed';
  statusCode: number | null;
  responseSnippet: string | null;
  error: string | null;
}

export interface WebhookDeliveryView {
  deliveryId: string;
  endpointId: string;
  eventType: string;
  eventPosition: number;
  status: 'pending' | 'delivered' | 'failed' | 'canceled';
  attempts: number;
  lastStatusCode: number | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  createdAt: string;
  /** The body as sent, byte for byte the same on every attempt. */
  payload: unknown;
  attemptLog: WebhookAttemptView[];
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_type: string;
  event_position: string;
  status: WebhookDeliveryView['status'];
  attempts: number;
  last_status_code: number | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  created_at: Date;
  payload: string;
  attempt_log: WebhookAttemptView[];
}

/** One endpoint's deliveries (of one status, when given), newest first, each with its attempts (oldest first). */
export class ListWebhookDeliveries extends Query<{ items: WebhookDeliveryView[]; nextCursor: string | null }> {
  constructor(
    readonly endpointId: string,
    readonly status: WebhookDeliveryView['status'] | null,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListWebhookDeliveries)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveries> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ endpointId, status, limit, cursor }: ListWebhookDeliveries): Promise<{ items: WebhookDeliveryView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const [endpoint]: unknown[] = await this.dataSource.query(`SELECT 1 FROM integration_webhook_endpoints WHERE id = $1 AND status <> 'deleted'`, [endpointId]);
    if (!endpoint) throw IntegrationsErrors.endpointNotFound();
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.*,
              coalesce((SELECT json_agg(json_build_object(
                         'attempt', a.attempt, 'trigger', a.trigger, 'startedAt', a.started_at, 'latencyMs', a.latency_ms,
                         'outcome', a.outcome, 'statusCode', a.status_code, 'responseSnippet', a.response_snippet, 'error', a.error)
                         ORDER BY a.attempt)
                  FROM integration_webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempt_log
         FROM integration_webhook_deliveries d
        WHERE d.endpoint_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
          AND ($5::text IS NULL OR d.status = $5)
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $4`,
      [endpointId, after?.[0] ?? null, after?.[1] ?? null, limit + 1, status],
    );
    return toPage(rows, limit, toView, (row) => [row.created_at.toISOString(), row.id]);
  }
}

const toView = (row: DeliveryRow): WebhookDeliveryView => ({
  deliveryId: row.id,
  endpointId: row.endpoint_id,
  eventType: row.event_type,
  eventPosition: Number(row.event_position),
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
  deliveredAt: row.delivered_at?.toISOString() ?? null,
  failedAt: row.failed_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  payload: JSON.parse(row.payload),
  attemptLog: row.attempt_log.map((attempt) => ({ ...attempt, startedAt: new Date(attempt.startedAt).toISOString() })),
});

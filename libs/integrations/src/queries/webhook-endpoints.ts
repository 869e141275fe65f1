import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

export interface WebhookEndpointView {
  endpointId: string;
  url: string;
  eventTypes: string[];
  description: string;
  status: 'enabled' | 'disabled';
  registeredBy: string;
  createdAt: string;
  updatedAt: string;
  secretRotatedAt: string | null;
}

interface EndpointRow {
  id: string;
  url: string;
  event_types: string[];
  description: string;
  status: 'enabled' | 'disabled';
  registered_by: string;
  created_at: Date;
  updated_at: Date;
  secret_rotated_at: Date | null;
}

const toView = (row: EndpointRow): WebhookEndpointView => ({
  endpointId: row.id,
  url: row.url,
  eventTypes: row.event_types,
  description: row.description,
  status: row.status,
  registeredBy: row.registered_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  secretRotatedAt: row.secret_rotated_at?.toISOString() ?? null,
});

/** The endpoints not deleted, newest first. */
export class ListWebhookEndpoints extends Query<{ items: WebhookEndpointView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

/** One endpoint, or null when there is none (or it was deleted). */
export class GetWebhookEndpoint extends Query<WebhookEndpointView | null> {
  constructor(readonly endpointId: string) {
    super();
  }
}

@QueryHandler(ListWebhookEndpoints)
export class ListWebhookEndpointsHandler implements IQueryHandler<ListWebhookEndpoints> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ limit, cursor }: ListWebhookEndpoints): Promise<{ items: WebhookEndpointView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: EndpointRow[] = await this.dataSource.query(
      `SELECT * FROM integration_webhook_endpoints
        WHERE status <> 'deleted' AND ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, toView, (row) => [row.created_at.toISOString(), row.id]);
  }
}

@QueryHandler(GetWebhookEndpoint)
export class GetWebhookEndpointHandler implements IQueryHandler<GetWebhookEndpoint> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ endpointId }: GetWebhookEndpoint): Promise<WebhookEndpointView | null> {
    const [row]: EndpointRow[] = await this.dataSource.query(`SELECT * FROM integration_webhook_endpoints WHERE id = $1 AND status <> 'deleted'`, [
      endpointId,
    ]);
    return row ? toView(row) : null;
  }
}

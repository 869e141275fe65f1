import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { WebhookEndpointEvent } from '../domain/webhook-endpoint-events.js';

const STATUS_AFTER = {
  'integrations.webhook-endpoint-disabled': 'disabled',
  'integrations.webhook-endpoint-enabled': 'enabled',
  'integrations.webhook-endpoint-deleted': 'deleted',
} as const;

/** integration_webhook_endpoints: each endpoint as it is now, for the dispatcher and the admin list. */
@Injectable()
@InlineProjection()
export class WebhookEndpointsProjector implements InlineProjector {
  readonly eventTypes = [
    'integrations.webhook-endpoint-registered',
    'integrations.webhook-endpoint-disabled',
    'integrations.webhook-endpoint-enabled',
    'integrations.webhook-endpoint-deleted',
    'integrations.webhook-secret-rotated',
  ];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<WebhookEndpointEvent>[]) {
      switch (event.type) {
        case 'integrations.webhook-endpoint-registered': {
          const { endpointId, url, eventTypes, description, registeredBy } = event.data;
          await manager.query(
            `INSERT INTO integration_webhook_endpoints
               (id, url, event_types, description, status, registered_by, registered_position, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'enabled', $5, $6, $7, $7) ON CONFLICT (id) DO NOTHING`,
            [endpointId, url, eventTypes, description, registeredBy, event.globalPosition, event.createdAt],
          );
          break;
        }
        case 'integrations.webhook-secret-rotated':
          await manager.query(`UPDATE integration_webhook_endpoints SET secret_rotated_at = $2, updated_at = $2 WHERE id = $1`, [
            event.data.endpointId,
            event.createdAt,
          ]);
          break;
        case 'integrations.webhook-endpoint-disabled':
        case 'integrations.webhook-endpoint-enabled':
        case 'integrations.webhook-endpoint-deleted':
          await manager.query(`UPDATE integration_webhook_endpoints SET status = $2, updated_at = $3 WHERE id = $1`, [
            event.data.endpointId,
            STATUS_AFTER[event.type],
            event.createdAt,
          ]);
          break;
      }
    }
  }
}

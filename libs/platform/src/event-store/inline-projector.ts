import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from './recorded-event.js';

/**
 * A read model that must change in the same transaction as the events it reflects
 * (the user row a login reads, the entitlement a paid order grants, ledger postings).
 */
export interface InlineProjector {
  readonly eventTypes: readonly string[];
  project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}

/** Marks a provider as an InlineProjector; the EventStore finds it at start. */
export const InlineProjection = DiscoveryService.createDecorator<void>();

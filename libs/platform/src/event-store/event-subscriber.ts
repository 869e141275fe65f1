import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from './recorded-event.js';

/**
 * An asynchronous reader of the global event order with its own named checkpoint.
 * - `transactional`: `handle` and the checkpoint commit together (exactly once for SQL writes).
 * - `at-least-once`: `handle` runs, then the checkpoint moves; a crash between them replays
 *   the batch, so `handle` must be idempotent (the outbox relay uses deterministic job ids).
 */
export interface EventSubscriber {
  readonly subscriptionName: string;
  readonly delivery: 'transactional' | 'at-least-once';
  /** Only these types are handed over; undefined means every event. */
  readonly eventTypes?: readonly string[];
  handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}

/** Marks a provider as an EventSubscriber; the worker's SubscriptionRunner finds it at start. */
export const EventSubscription = DiscoveryService.createDecorator<void>();

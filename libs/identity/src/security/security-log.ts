import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type CommandContext, eventMetadata, EventStore } from '#platform';
import type { SecurityEvent } from '../domain/identity-events.js';

/**
 * Records security events that belong to no aggregate (a failed sign-in, a lock), each in a
 * stream of its own so parallel attempts never contend; the audit trail chains them like any event.
 */
@Injectable()
export class SecurityLog {
  constructor(private readonly store: EventStore) {}

  async record(context: CommandContext, ...events: SecurityEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.store.append({
      streamId: `security-${randomUUID()}`,
      streamType: 'security',
      expectedVersion: 0,
      events,
      metadata: eventMetadata(context),
    });
  }
}

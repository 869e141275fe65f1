import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, HttpProblem } from '#platform';
import { EventRateLimit } from '../collection/event-rate-limit.js';
import { AnalyticsErrors } from '../domain/analytics.errors.js';
import { MAX_BATCH_EVENTS, validateClientEvent } from '../domain/event-schemas.js';
import { isTimeZone, parseTimestamp } from '../domain/timestamps.js';
import { RawEvents } from '../projections/raw-events.js';

export interface RejectedEvent {
  index: number;
  clientEventId: string | null;
  reason: string;
}

export interface BatchReceipt {
  accepted: number;
  rejected: RejectedEvent[];
}

/**
 * A client app's batch of behaviour events. Good items are kept and bad ones named (partial
 * acceptance); a batch with no good item is refused whole. Items go to the raw table as sent.
 */
export class RecordBehaviourEvents extends Command<BatchReceipt> {
  constructor(
    readonly context: CommandContext,
    readonly deviceId: string | null,
    readonly timeZone: string | null,
    readonly events: readonly unknown[],
  ) {
    super();
  }
}

@CommandHandler(RecordBehaviourEvents)
export class RecordBehaviourEventsHandler implements ICommandHandler<RecordBehaviourEvents> {
  constructor(
    private readonly raw: RawEvents,
    private readonly rateLimit: EventRateLimit,
  ) {}

  async execute({ context, deviceId, timeZone, events }: RecordBehaviourEvents): Promise<BatchReceipt> {
    const userId = context.actor?.userId ?? null;
    if (!userId && !deviceId) throw AnalyticsErrors.deviceIdRequired();
    if (timeZone && !isTimeZone(timeZone)) throw AnalyticsErrors.unknownTimeZone(timeZone);
    await this.rateLimit.take(events.length, userId, context.clientIp);

    const rejected: RejectedEvent[] = [];
    const accepted = [];
    for (const [index, item] of events.entries()) {
      const clientEventId = typeof (item as { clientEventId?: unknown })?.clientEventId === 'string' ? (item as { clientEventId: string }).clientEventId.slice(0, 64) : null;
      if (index >= MAX_BATCH_EVENTS) {
        rejected.push({ index, clientEventId, reason: `beyond the ${MAX_BATCH_EVENTS} events one batch may carry: send it again in the next batch` });
        continue;
      }
      const checked = validateClientEvent(item);
      if (!checked.ok) {
        rejected.push({ index, clientEventId, reason: checked.reason });
        continue;
      }
      const { event } = checked;
      if (!parseTimestamp(event.occurredAt, timeZone)) {
        rejected.push({ index, clientEventId, reason: 'occurredAt must be ISO 8601, epoch milliseconds or "YYYY-MM-DD HH:mm:ss" (in timeZone)' });
        continue;
      }
      accepted.push({
        source: 'client',
        sourceEventId: `${userId ?? deviceId}:${event.clientEventId}`,
        eventType: event.type,
        userId,
        deviceId,
        timeZone,
        payload: { occurredAt: event.occurredAt, itemId: event.itemId, platform: event.platform, props: event.props },
        clientIp: context.clientIp,
      });
    }
    if (accepted.length === 0) {
      throw HttpProblem.forFields(
        400,
        'ANALYTICS.BATCH_REJECTED',
        'No event of the batch is valid; nothing was kept.',
        rejected.map(({ index, reason }) => ({ field: `events.${index}`, messages: [reason] })),
      );
    }
    await this.raw.append(accepted);
    // A device seen signed in is linked to its user from the sign-in: its anonymous events before become theirs in cleansing.
    if (userId && deviceId) await this.raw.linkDevice(deviceId, userId, context.actor?.sessionId ?? null);
    return { accepted: accepted.length, rejected };
  }
}

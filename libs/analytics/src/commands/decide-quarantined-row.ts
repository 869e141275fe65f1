import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CommandContext } from '#platform';
import { AnalyticsErrors } from '../domain/analytics.errors.js';
import { RawEvents } from '../projections/raw-events.js';

/** What staff correct in a quarantined row; what they leave out stays as the source sent it. */
export interface QuarantineFix {
  readonly eventType?: string;
  readonly occurredAt?: string | number;
  readonly itemId?: string;
  readonly userId?: string;
  readonly platform?: string;
  readonly timeZone?: string;
  readonly props?: Record<string, unknown>;
}

/**
 * Staff decide a quarantined row once: discard it, or fix it, which appends the corrected row to
 * the raw table (source `quarantine-fix`) for the next cleansing batch; the original stays as sent.
 */
export class DecideQuarantinedRow extends Command<{ id: number; status: 'fixed' | 'discarded' }> {
  constructor(
    readonly context: CommandContext,
    readonly id: number,
    readonly decision: { kind: 'discard' } | { kind: 'fix'; fix: QuarantineFix },
  ) {
    super();
  }
}

@CommandHandler(DecideQuarantinedRow)
export class DecideQuarantinedRowHandler implements ICommandHandler<DecideQuarantinedRow> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly raw: RawEvents,
  ) {}

  execute({ context, id, decision }: DecideQuarantinedRow): Promise<{ id: number; status: 'fixed' | 'discarded' }> {
    const status = decision.kind === 'fix' ? 'fixed' : 'discarded';
    return this.dataSource.transaction(async (db) => {
      // The update claims the row: of concurrent decisions, one finds it open.
      // TypeORM answers an UPDATE with [rows, count].
      const [[claimed]] = await db.query(
        `UPDATE analytics_quarantine q SET status = $2, decided_by = $3, decided_at = now()
           FROM analytics_raw_events r
          WHERE q.id = $1 AND q.status = 'open' AND r.id = q.raw_id
          RETURNING q.source, q.source_event_id, q.event_type, q.payload, r.user_id, r.device_id, r.time_zone`,
        [id, status, context.actor?.userId ?? null],
      );
      if (!claimed) {
        const [row] = await db.query(`SELECT status FROM analytics_quarantine WHERE id = $1`, [id]);
        throw row ? AnalyticsErrors.quarantineDecided(row.status) : AnalyticsErrors.quarantineNotFound();
      }
      if (decision.kind === 'fix') {
        const { fix } = decision;
        const payload = claimed.payload as Record<string, unknown>;
        await this.raw.append(
          [
            {
              source: 'quarantine-fix',
              sourceEventId: `${claimed.source}/${claimed.source_event_id}`,
              eventType: fix.eventType ?? claimed.event_type,
              userId: fix.userId ?? claimed.user_id,
              deviceId: claimed.device_id,
              timeZone: fix.timeZone ?? claimed.time_zone,
              payload: {
                ...payload,
                ...(fix.occurredAt !== undefined ? { occurredAt: fix.occurredAt } : {}),
                ...(fix.itemId !== undefined ? { itemId: fix.itemId } : {}),
                ...(fix.platform !== undefined ? { platform: fix.platform } : {}),
                props: { ...((payload.props as Record<string, unknown> | undefined) ?? {}), ...fix.props },
              },
              clientIp: null,
            },
          ],
          db,
        );
      }
      return { id, status };
    });
  }
}

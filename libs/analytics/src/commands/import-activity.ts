import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CommandContext } from '#platform';
import { AnalyticsErrors } from '../domain/analytics.errors.js';
import { isTimeZone } from '../domain/timestamps.js';
import { type ImportFormat, type ImportRecord, readImport } from '../imports/import-formats.js';
import { type NewRawEvent, RawEvents } from '../projections/raw-events.js';

export interface ImportReceipt {
  importId: string;
  /** The source its rows carry in the raw table, the facts and the quarantine. */
  source: string;
  rows: number;
}

/** Called as rows are stored: how many so far. */
export type ImportProgress = (rows: number) => void | Promise<unknown>;

/**
 * Users' historical activity from a file (a platform being migrated from): streamed record by
 * record into the raw table in chunks, as the source wrote it; cleansing does the rest.
 */
export class ImportActivity extends Command<ImportReceipt> {
  constructor(
    readonly context: CommandContext,
    readonly input: Readable,
    readonly format: ImportFormat,
    readonly timeZone: string | null,
    readonly onProgress: ImportProgress = () => undefined,
    /** Its id: given when the import was requested first (a rerun then stores the same rows, which cleansing drops). */
    readonly importId: string = randomUUID(),
  ) {
    super();
  }
}

const CHUNK = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@CommandHandler(ImportActivity)
export class ImportActivityHandler implements ICommandHandler<ImportActivity> {
  constructor(private readonly raw: RawEvents) {}

  async execute({ input, format, timeZone, onProgress, importId }: ImportActivity): Promise<ImportReceipt> {
    if (timeZone && !isTimeZone(timeZone)) throw AnalyticsErrors.unknownTimeZone(timeZone);
    const source = `import:${importId}`;
    let rows = 0;
    let chunk: NewRawEvent[] = [];
    try {
      for await (const record of readImport(input, format)) {
        chunk.push(rawRowOf(record as ImportRecord, source, ++rows, timeZone));
        if (chunk.length === CHUNK) {
          await this.raw.append(chunk);
          chunk = [];
          await onProgress(rows);
        }
      }
    } catch (error) {
      // What was stored stays (append-only); the caller learns where the file stopped making sense.
      if (chunk.length > 0) await this.raw.append(chunk);
      await onProgress(rows);
      throw AnalyticsErrors.importUnreadable(format, rows, (error as Error).message.split('\n')[0]!.slice(0, 200));
    }
    await this.raw.append(chunk);
    await onProgress(rows);
    return { importId, source, rows };
  }
}

/** A record as a raw row: ids where the table has columns for them, everything else in the payload as written. */
function rawRowOf(record: ImportRecord, source: string, line: number, timeZone: string | null): NewRawEvent {
  if ('unreadable' in record) {
    return { source, sourceEventId: `line-${line}`, eventType: '', userId: null, deviceId: null, timeZone, payload: { unreadable: record.unreadable }, clientIp: null };
  }
  const text = (value: unknown) => (value === undefined || value === null ? null : String(value));
  const user = text(record.user_id)?.trim() ?? null;
  return {
    source,
    sourceEventId: text(record.event_id)?.trim() || `line-${line}`,
    eventType: text(record.type) ?? '',
    userId: user && UUID.test(user) ? user.toLowerCase() : null,
    deviceId: text(record.device_id),
    timeZone: text(record.time_zone) ?? timeZone,
    payload: {
      occurredAt: record.occurred_at,
      itemId: record.item_id,
      platform: record.platform,
      props: {
        durationMs: record.duration_ms,
        progress: record.progress,
        rating: record.rating,
        query: record.query,
        channel: record.channel,
        amountCents: record.amount_cents,
        currency: record.currency,
      },
      ...(user && !UUID.test(user) ? { userId: user } : {}),
    },
    clientIp: null,
  };
}

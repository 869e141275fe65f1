import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import type { Platform } from '../domain/canonical.js';
import { cleanse, type CleansingReport, exactKey, type Fact, nearKey, type RawRow } from '../domain/cleansing.js';
import { CLIENT_EVENT_TYPES } from '../domain/event-schemas.js';
import { parseTimestamp } from '../domain/timestamps.js';

interface RawRecord {
  id: string;
  transaction_id: string;
  source: string;
  source_event_id: string;
  event_type: string;
  user_id: string | null;
  device_id: string | null;
  time_zone: string | null;
  received_at: Date;
  payload: Record<string, unknown>;
}

export interface BatchResult extends CleansingReport {
  readonly batchId: number;
}

const LOCK = `SELECT pg_advisory_xact_lock(hashtext('analytics-cleansing'))`;
const RAW_COLUMNS = `id, transaction_id::text, source, source_event_id, event_type, user_id, device_id, time_zone, received_at, payload`;

/**
 * Runs cleansing batches: each takes the next raw rows in commit order (never skipping a row a
 * slower transaction commits late, as the event store's readers do), cleanses them, and writes
 * the facts, the quarantine and the report in one short transaction. A batch is its raw range, so
 * running it again (`rerun`) replaces its output with the same output.
 */
@Injectable()
export class CleansingBatches {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Cleanses the next batch of committed raw rows; null when there is none. */
  runNext(): Promise<BatchResult | null> {
    return this.dataSource.transaction(async (db) => {
      await db.query(LOCK);
      const [last] = await db.query(`SELECT id, to_tx::text AS tx, to_raw_id FROM analytics_cleansing_batches ORDER BY id DESC LIMIT 1`);
      const after = { tx: (last?.tx as string | undefined) ?? '0', id: Number(last?.to_raw_id ?? 0) };
      const records: RawRecord[] = await db.query(
        `SELECT ${RAW_COLUMNS} FROM analytics_raw_events
          WHERE (transaction_id, id) > ($1::xid8, $2::bigint) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY transaction_id, id LIMIT $3`,
        [after.tx, after.id, this.config.analytics.cleansingBatchSize],
      );
      if (records.length === 0) return null;
      const upto = records.at(-1)!;
      return this.write(db, Number(last?.id ?? 0) + 1, after, { tx: upto.transaction_id, id: Number(upto.id) }, records);
    });
  }

  /** Runs a finished batch again over the same raw rows: its facts, quarantine and report come out the same. */
  rerun(batchId: number): Promise<BatchResult | null> {
    return this.dataSource.transaction(async (db) => {
      await db.query(LOCK);
      const [batch] = await db.query(
        `SELECT from_tx::text AS from_tx, from_raw_id, to_tx::text AS to_tx, to_raw_id FROM analytics_cleansing_batches WHERE id = $1`,
        [batchId],
      );
      if (!batch) return null;
      const records: RawRecord[] = await db.query(
        `SELECT ${RAW_COLUMNS} FROM analytics_raw_events
          WHERE (transaction_id, id) > ($1::xid8, $2::bigint) AND (transaction_id, id) <= ($3::xid8, $4::bigint)
          ORDER BY transaction_id, id`,
        [batch.from_tx, batch.from_raw_id, batch.to_tx, batch.to_raw_id],
      );
      return this.write(db, batchId, { tx: batch.from_tx, id: Number(batch.from_raw_id) }, { tx: batch.to_tx, id: Number(batch.to_raw_id) }, records);
    });
  }

  private async write(
    db: EntityManager,
    batchId: number,
    from: { tx: string; id: number },
    to: { tx: string; id: number },
    records: RawRecord[],
  ): Promise<BatchResult> {
    const startedAt = new Date();
    const rows: RawRow[] = records.map((record) => ({
      rawId: Number(record.id),
      source: record.source,
      sourceEventId: record.source_event_id,
      eventType: record.event_type,
      userId: record.user_id,
      deviceId: record.device_id,
      timeZone: record.time_zone,
      receivedAt: record.received_at,
      payload: record.payload,
    }));
    const outcome = cleanse(rows, { ...(await this.context(db, batchId, rows)), nearDuplicateWindowMs: this.config.analytics.nearDuplicateWindowMs });
    const { report } = outcome;
    await db.query(
      `INSERT INTO analytics_cleansing_batches
         (id, from_tx, from_raw_id, to_tx, to_raw_id, started_at, finished_at, rows_in, rows_out, duplicates, near_duplicates, imputed, quarantined)
       VALUES ($1, $2::xid8, $3, $4::xid8, $5, $6, now(), $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET finished_at = now(), rows_in = $7, rows_out = $8, duplicates = $9, near_duplicates = $10, imputed = $11, quarantined = $12`,
      [batchId, from.tx, from.id, to.tx, to.id, startedAt, report.rowsIn, report.rowsOut, report.duplicates, report.nearDuplicates, report.imputed, report.quarantined],
    );
    await db.query(`DELETE FROM analytics_facts WHERE batch_id = $1`, [batchId]);
    await insertFacts(db, batchId, outcome.facts);
    // A rerun keeps what staff decided about a row (fixed, discarded); only new rows start open.
    for (const { row, reason, detail } of outcome.quarantined) {
      await db.query(
        `INSERT INTO analytics_quarantine (batch_id, raw_id, source, source_event_id, event_type, payload, reason, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (batch_id, raw_id) DO UPDATE SET reason = $7, detail = $8`,
        [batchId, row.rawId, row.source, row.sourceEventId, row.eventType, row.payload, reason, detail],
      );
    }
    return { batchId, ...report };
  }

  /** What earlier batches kept that this one's rows are judged against. */
  private async context(db: EntityManager, batchId: number, rows: RawRow[]) {
    const keys = rows.map((row) => exactKey(row.source, row.sourceEventId));
    const users = [...new Set(rows.map((row) => row.userId).filter((id): id is string => id !== null))];
    const devices = [...new Set(rows.map((row) => row.deviceId).filter((id): id is string => id !== null))];
    const known: { key: string }[] = await db.query(
      `SELECT source || '/' || source_event_id AS key FROM analytics_facts WHERE batch_id < $1 AND source || '/' || source_event_id = ANY($2)`,
      [batchId, keys],
    );
    const links: { device_id: string; user_id: string; linked_at: Date }[] = await db.query(
      `SELECT device_id, user_id, linked_at FROM analytics_device_links WHERE device_id = ANY($1) ORDER BY linked_at, user_id`,
      [devices],
    );
    const deviceLinks = new Map<string, { userId: string; linkedAt: Date }[]>();
    for (const link of links) deviceLinks.set(link.device_id, [...(deviceLinks.get(link.device_id) ?? []), { userId: link.user_id, linkedAt: link.linked_at }]);
    const subjects = [...users, ...new Set(links.map((link) => link.user_id))];
    // Earlier facts of the same subjects near this batch's times: the only ones a row can be a near-duplicate of.
    const times = rows.map((row) => parseTimestamp(row.payload.occurredAt, row.timeZone)?.getTime()).filter((time): time is number => time !== undefined);
    const window = this.config.analytics.nearDuplicateWindowMs;
    const recent: { user_id: string | null; device_id: string | null; item_id: string | null; event_type: string; occurred_at: Date }[] =
      times.length === 0
        ? []
        : await db.query(
            `SELECT user_id, device_id, item_id, event_type, occurred_at FROM analytics_facts
              WHERE batch_id < $1 AND (user_id = ANY($2) OR (user_id IS NULL AND device_id = ANY($3)))
                AND occurred_at BETWEEN $4 AND $5 AND event_type = ANY($6)`,
            [batchId, subjects, devices, new Date(Math.min(...times) - window), new Date(Math.max(...times) + window), CLIENT_EVENT_TYPES],
          );
    const kept = new Map<string, Date[]>();
    for (const fact of recent) {
      const key = nearKey({ userId: fact.user_id, deviceId: fact.device_id, itemId: fact.item_id, eventType: fact.event_type as Fact['eventType'] });
      kept.set(key, [...(kept.get(key) ?? []), fact.occurred_at]);
    }
    const platforms: { subject: string; platform: Platform }[] = await db.query(
      `SELECT DISTINCT ON (subject) subject, platform FROM (
         SELECT coalesce(user_id::text, 'device:' || device_id) AS subject, platform, occurred_at FROM analytics_facts
          WHERE batch_id < $1 AND platform IS NOT NULL AND platform <> 'server' AND (user_id = ANY($2) OR (user_id IS NULL AND device_id = ANY($3)))
       ) AS earlier ORDER BY subject, occurred_at DESC`,
      [batchId, subjects, devices],
    );
    return {
      knownKeys: new Set(known.map(({ key }) => key)),
      kept,
      lastPlatform: new Map(platforms.map(({ subject, platform }) => [subject, platform])),
      deviceLinks,
    };
  }
}

async function insertFacts(db: EntityManager, batchId: number, facts: readonly Fact[]): Promise<void> {
  if (facts.length === 0) return;
  const column = <K extends keyof Fact>(key: K) => facts.map((fact) => fact[key]);
  await db.query(
    `INSERT INTO analytics_facts (batch_id, raw_id, source, source_event_id, event_type, user_id, device_id, item_id, occurred_at,
       platform, amount_cents, currency, duration_ms, progress, rating, query, channel, imputed)
     SELECT $1, f.raw_id, f.source, f.source_event_id, f.event_type, f.user_id, f.device_id, f.item_id, f.occurred_at, f.platform,
            f.amount_cents, f.currency, f.duration_ms, f.progress, f.rating, f.query, f.channel,
            CASE WHEN f.imputed = '' THEN '{}'::text[] ELSE string_to_array(f.imputed, ',') END
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::uuid[], $9::timestamptz[],
       $10::text[], $11::bigint[], $12::text[], $13::bigint[], $14::float8[], $15::float8[], $16::text[], $17::text[], $18::text[])
       AS f(raw_id, source, source_event_id, event_type, user_id, device_id, item_id, occurred_at, platform, amount_cents, currency,
            duration_ms, progress, rating, query, channel, imputed)`,
    [
      batchId,
      column('rawId'),
      column('source'),
      column('sourceEventId'),
      column('eventType'),
      column('userId'),
      column('deviceId'),
      column('itemId'),
      column('occurredAt'),
      column('platform'),
      column('amountCents'),
      column('currency'),
      column('durationMs'),
      column('progress'),
      column('rating'),
      column('query'),
      column('channel'),
      // unnest would flatten a 2-D array, so each fact's list travels as one comma-joined text.
      facts.map((fact) => fact.imputed.join(',')),
    ],
  );
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import type { Platform } from '../domain/canonical.js';
import { cleanse, type CleansingReport, type Fact, listIn, nearKey, type RawRow } from '../domain/cleansing.js';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Held by each cleansing batch, and by whatever must not interleave with one. */
export const CLEANSING_LOCK = `SELECT pg_advisory_xact_lock(hashtext('analytics-cleansing'))`;
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
      await db.query(CLEANSING_LOCK);
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
      await db.query(CLEANSING_LOCK);
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
    const { quarantined } = outcome;
    await db.query(
      `INSERT INTO analytics_quarantine (batch_id, raw_id, source, source_event_id, event_type, payload, reason, detail)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[])
       ON CONFLICT (batch_id, raw_id) DO UPDATE SET reason = excluded.reason, detail = excluded.detail`,
      [
        batchId,
        quarantined.map(({ row }) => row.rawId),
        quarantined.map(({ row }) => row.source),
        quarantined.map(({ row }) => row.sourceEventId),
        quarantined.map(({ row }) => row.eventType),
        quarantined.map(({ row }) => JSON.stringify(row.payload)),
        quarantined.map(({ reason }) => reason),
        quarantined.map(({ detail }) => detail),
      ],
    );
    return { batchId, ...report };
  }

  /**
   * What earlier batches kept that this one's rows are judged against, each looked up by index:
   * their exact keys, the facts of the same user (or device), item and type near each row's time,
   * and each user's latest platform.
   */
  private async context(db: EntityManager, batchId: number, rows: RawRow[]) {
    const known: { key: string }[] = await db.query(
      `SELECT f.source || '/' || f.source_event_id AS key
         FROM unnest($2::text[], $3::text[]) AS b(source, id)
         JOIN analytics_facts f ON f.source = b.source AND f.source_event_id = b.id
        WHERE f.batch_id < $1`,
      [batchId, rows.map((row) => row.source), rows.map((row) => row.sourceEventId)],
    );
    const devices = [...new Set(rows.map((row) => row.deviceId).filter((id): id is string => id !== null))];
    const links: { device_id: string; user_id: string; linked_at: Date }[] = await db.query(
      `SELECT device_id, user_id, linked_at FROM analytics_device_links WHERE device_id = ANY($1) ORDER BY linked_at, user_id`,
      [devices],
    );
    const deviceLinks = new Map<string, { userId: string; linkedAt: Date }[]>();
    for (const link of links) listIn(deviceLinks, link.device_id).push({ userId: link.user_id, linkedAt: link.linked_at });

    // Each row's candidate near-duplicate keys: its user, or its device's users, or the device itself,
    // each kind in its own list so that it probes its own index with no filter on the list.
    const window = this.config.analytics.nearDuplicateWindowMs;
    const probes: Record<ProbeKind, Probe[]> = { 'user-item': [], 'user-no-item': [], 'device-item': [], 'device-no-item': [] };
    for (const row of rows) {
      const time = parseTimestamp(row.payload.occurredAt, row.timeZone)?.getTime();
      const item = typeof row.payload.itemId === 'string' ? row.payload.itemId.trim().toLowerCase() : null;
      if (time === undefined || (item !== null && !UUID.test(item))) continue;
      const span = { item, type: row.eventType.trim().toLowerCase(), from: new Date(time - window), to: new Date(time + window) };
      const users = row.userId ? [row.userId] : (deviceLinks.get(row.deviceId ?? '') ?? []).map((link) => link.userId);
      for (const user of users) probes[item === null ? 'user-no-item' : 'user-item'].push({ subject: user, ...span });
      if (!row.userId && row.deviceId) probes[item === null ? 'device-no-item' : 'device-item'].push({ subject: row.deviceId, ...span });
    }
    const kinds = PROBE_KINDS.filter((kind) => probes[kind].length > 0);
    const recent: { user_id: string | null; device_id: string | null; item_id: string | null; event_type: string; occurred_at: Date }[] =
      kinds.length === 0
        ? []
        : await db.query(
            kinds.map((kind, index) => nearProbeSql(kind, 2 + 5 * index)).join(' UNION ALL '),
            [batchId, ...kinds.flatMap((kind) => probeColumns(probes[kind]))],
          );
    const kept = new Map<string, Date[]>();
    for (const fact of recent) {
      const key = nearKey({ userId: fact.user_id, deviceId: fact.device_id, itemId: fact.item_id, eventType: fact.event_type as Fact['eventType'] });
      listIn(kept, key).push(fact.occurred_at);
    }

    const subjects = [...new Set([...rows.map((row) => row.userId).filter((id): id is string => id !== null), ...links.map((link) => link.user_id)])];
    const platforms: { subject: string; platform: Platform | null }[] = await db.query(
      `SELECT s.user_id::text AS subject,
              (SELECT f.platform FROM analytics_facts f
                WHERE f.user_id = s.user_id AND f.batch_id < $1 AND f.platform IS NOT NULL AND f.platform <> 'server'
                ORDER BY f.occurred_at DESC LIMIT 1) AS platform
         FROM unnest($2::uuid[]) AS s(user_id)`,
      [batchId, subjects],
    );
    return {
      knownKeys: new Set(known.map(({ key }) => key)),
      kept,
      lastPlatform: new Map(platforms.filter((row) => row.platform !== null).map(({ subject, platform }) => [subject, platform!])),
      deviceLinks,
    };
  }
}

const PROBE_KINDS = ['user-item', 'user-no-item', 'device-item', 'device-no-item'] as const;
type ProbeKind = (typeof PROBE_KINDS)[number];
/** A row's question to earlier batches: did one keep an event of this subject, item and type in [from, to]? */
interface Probe {
  subject: string;
  item: string | null;
  type: string;
  from: Date;
  to: Date;
}

const probeColumns = (probes: readonly Probe[]) => [
  probes.map((probe) => probe.subject),
  probes.map((probe) => probe.item),
  probes.map((probe) => probe.type),
  probes.map((probe) => probe.from),
  probes.map((probe) => probe.to),
];

/**
 * One kind of probe, its five arrays from parameter `$first`. For each probe one earlier fact
 * in its window is enough to make the row a near-duplicate, so each looks up at most one (LIMIT 1),
 * by an index lookup per probe: the LIMIT also keeps the planner from turning the lookups into a
 * scan and sort of the whole table, which it did once its guess of the probe count was off.
 */
function nearProbeSql(kind: ProbeKind, first: number): string {
  const [subject, item, type, from, to] = [0, 1, 2, 3, 4].map((offset) => `$${first + offset}`);
  const byDevice = kind.startsWith('device');
  const withItem = !kind.endsWith('no-item');
  return `
    SELECT f.user_id, f.device_id, f.item_id, f.event_type, f.occurred_at
      FROM unnest(${subject}::${byDevice ? 'text' : 'uuid'}[], ${item}::uuid[], ${type}::text[], ${from}::timestamptz[], ${to}::timestamptz[])
           AS b(subject, item_id, event_type, from_at, to_at)
      CROSS JOIN LATERAL (
        SELECT f.user_id, f.device_id, f.item_id, f.event_type, f.occurred_at FROM analytics_facts f
         WHERE ${byDevice ? 'f.device_id = b.subject AND f.user_id IS NULL' : 'f.user_id = b.subject'}
           AND ${withItem ? 'f.item_id = b.item_id' : 'f.item_id IS NULL'}
           AND f.event_type = b.event_type AND f.occurred_at BETWEEN b.from_at AND b.to_at AND f.batch_id < $1
         LIMIT 1) f`;
}

async function insertFacts(db: EntityManager, batchId: number, facts: readonly Fact[]): Promise<void> {
  if (facts.length === 0) return;
  const column = <K extends keyof Fact>(key: K) => facts.map((fact) => fact[key]);
  await db.query(
    `INSERT INTO analytics_facts (batch_id, raw_id, source, source_event_id, event_type, user_id, device_id, item_id, occurred_at,
       platform, amount_cents, currency, duration_ms, progress, rating, query, channel, imputed, served_id)
     SELECT $1, f.raw_id, f.source, f.source_event_id, f.event_type, f.user_id, f.device_id, f.item_id, f.occurred_at, f.platform,
            f.amount_cents, f.currency, f.duration_ms, f.progress, f.rating, f.query, f.channel,
            CASE WHEN f.imputed = '' THEN '{}'::text[] ELSE string_to_array(f.imputed, ',') END, f.served_id
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::uuid[], $9::timestamptz[],
       $10::text[], $11::bigint[], $12::text[], $13::bigint[], $14::float8[], $15::float8[], $16::text[], $17::text[], $18::text[], $19::text[])
       AS f(raw_id, source, source_event_id, event_type, user_id, device_id, item_id, occurred_at, platform, amount_cents, currency,
            duration_ms, progress, rating, query, channel, imputed, served_id)`,
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
      column('servedId'),
    ],
  );
}

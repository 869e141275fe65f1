import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import type { Platform } from '../domain/canonical.js';
import { type CanonicalBatch, canonicalBatch, type CleansingReport, exactKey, type Fact, finishBatch, judgedForNearDuplicates, listIn, nearKey, type RawRow } from '../domain/cleansing.js';

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
  /** Whether an earlier batch kept a fact of the same source and event id. */
  known: boolean;
}

export interface BatchResult extends CleansingReport {
  readonly batchId: number;
}

/** Held by each cleansing batch, and by whatever must not interleave with one. */
export const CLEANSING_LOCK = `SELECT pg_advisory_xact_lock(hashtext('analytics-cleansing'))`;
/** The raw row, and whether an earlier batch (id below `$batch`) kept its event: an exact duplicate, found by the unique index in the same read. */
const rawColumns = (batch: string) => `r.id, r.transaction_id::text, r.source, r.source_event_id, r.event_type, r.user_id, r.device_id, r.time_zone, r.received_at, r.payload,
  EXISTS (SELECT 1 FROM analytics_facts f WHERE f.source = r.source AND f.source_event_id = r.source_event_id AND f.batch_id < ${batch}) AS known`;

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
      const batchId = Number(last?.id ?? 0) + 1;
      const records: RawRecord[] = await db.query(
        `SELECT ${rawColumns('$4')} FROM analytics_raw_events r
          WHERE (r.transaction_id, r.id) > ($1::xid8, $2::bigint) AND r.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY r.transaction_id, r.id LIMIT $3`,
        [after.tx, after.id, this.config.analytics.cleansingBatchSize, batchId],
      );
      if (records.length === 0) return null;
      const upto = records.at(-1)!;
      return this.write(db, batchId, after, { tx: upto.transaction_id, id: Number(upto.id) }, records);
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
        `SELECT ${rawColumns('$5')} FROM analytics_raw_events r
          WHERE (r.transaction_id, r.id) > ($1::xid8, $2::bigint) AND (r.transaction_id, r.id) <= ($3::xid8, $4::bigint)
          ORDER BY r.transaction_id, r.id`,
        [batch.from_tx, batch.from_raw_id, batch.to_tx, batch.to_raw_id, batchId],
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
    const knownKeys = new Set(records.filter((record) => record.known).map((record) => exactKey(record.source, record.source_event_id)));
    const deviceLinks = await this.deviceLinks(db, rows);
    const canonical = canonicalBatch(rows, { knownKeys, deviceLinks });
    const outcome = finishBatch(canonical, { ...(await this.nearContext(db, batchId, canonical)), nearDuplicateWindowMs: this.config.analytics.nearDuplicateWindowMs });
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

  /** Devices seen signed in, of the batch's rows: who, and since when (each list by time). */
  private async deviceLinks(db: EntityManager, rows: readonly RawRow[]) {
    const devices = [...new Set(rows.map((row) => row.deviceId).filter((id): id is string => id !== null))];
    const links: { device_id: string; user_id: string; linked_at: Date }[] =
      devices.length === 0
        ? []
        : await db.query(`SELECT device_id, user_id, linked_at FROM analytics_device_links WHERE device_id = ANY($1) ORDER BY linked_at, user_id`, [devices]);
    const deviceLinks = new Map<string, { userId: string; linkedAt: Date }[]>();
    for (const link of links) listIn(deviceLinks, link.device_id).push({ userId: link.user_id, linkedAt: link.linked_at });
    return deviceLinks;
  }

  /**
   * What earlier batches kept that this batch's canonical facts are judged against, each looked up
   * by index: a fact of the same subject, item and type near each fact's time (one is enough), and
   * each user's latest platform.
   */
  private async nearContext(db: EntityManager, batchId: number, batch: CanonicalBatch) {
    const window = this.config.analytics.nearDuplicateWindowMs;
    const probes: Record<'user' | 'device', Probe[]> = { user: [], device: [] };
    for (const fact of batch.canonical) {
      if (!judgedForNearDuplicates(fact)) continue;
      const time = fact.occurredAt.getTime();
      const span = { item: fact.itemId, type: fact.eventType, from: time - window, to: time + window };
      if (fact.userId !== null) probes.user.push({ subject: fact.userId, ...span });
      else probes.device.push({ subject: fact.deviceId!, ...span });
    }
    const kinds = (['user', 'device'] as const).filter((kind) => probes[kind].length > 0);
    const recent: { user_id: string | null; device_id: string | null; item_id: string | null; event_type: string; occurred_at: Date }[] =
      kinds.length === 0
        ? []
        : await db.query(kinds.map((kind, index) => nearProbeSql(kind, 2 + index)).join(' UNION ALL '), [batchId, ...kinds.map((kind) => JSON.stringify(probes[kind]))]);
    const kept = new Map<string, Date[]>();
    for (const fact of recent) {
      const key = nearKey({ userId: fact.user_id, deviceId: fact.device_id, itemId: fact.item_id, eventType: fact.event_type as Fact['eventType'] });
      listIn(kept, key).push(fact.occurred_at);
    }

    // Platforms are carried forward per user (a device's anonymous facts have none from before).
    const subjects = [...new Set(batch.canonical.map((fact) => fact.userId).filter((id): id is string => id !== null))];
    const platforms: { subject: string; platform: Platform | null }[] = await db.query(
      `SELECT s.user_id::text AS subject,
              (SELECT f.platform FROM analytics_facts f
                WHERE f.user_id = s.user_id AND f.batch_id < $1 AND f.platform IS NOT NULL AND f.platform <> 'server'
                ORDER BY f.occurred_at DESC LIMIT 1) AS platform
         FROM unnest($2::uuid[]) AS s(user_id)`,
      [batchId, subjects],
    );
    return { kept, lastPlatform: new Map(platforms.filter((row) => row.platform !== null).map(({ subject, platform }) => [subject, platform!])) };
  }
}

/** A fact's question to earlier batches: did one keep an event of this subject, item and type in [from, to]? */
interface Probe {
  subject: string;
  item: string | null;
  type: string;
  /** Epoch ms: JSON.stringify writes a number several times faster than a Date. */
  from: number;
  to: number;
}

/**
 * One kind of probe (by user, or by anonymous device), as JSON in parameter `$param`. One earlier
 * fact in a probe's window is enough to make its fact a near-duplicate, so each looks up at most
 * one (LIMIT 1), by the subject's time index: a subject has few facts within seconds of a time, so
 * item and type are checked on those few, and the table keeps no index just for this.
 */
function nearProbeSql(kind: 'user' | 'device', param: number): string {
  return `
    SELECT f.user_id, f.device_id, f.item_id, f.event_type, f.occurred_at
      FROM json_to_recordset($${param}::json) AS b(subject ${kind === 'user' ? 'uuid' : 'text'}, item uuid, type text, "from" bigint, "to" bigint)
      CROSS JOIN LATERAL (
        SELECT f.user_id, f.device_id, f.item_id, f.event_type, f.occurred_at FROM analytics_facts f
         WHERE ${kind === 'user' ? 'f.user_id = b.subject' : 'f.device_id = b.subject AND f.user_id IS NULL'}
           AND f.occurred_at BETWEEN ${EPOCH_MS('b."from"')} AND ${EPOCH_MS('b."to"')}
           AND f.item_id IS NOT DISTINCT FROM b.item AND f.event_type = b.type AND f.batch_id < $1
         LIMIT 1) f`;
}

/** Epoch milliseconds to a timestamptz, exactly (in whole microseconds, no float seconds). */
const EPOCH_MS = (ms: string) => `(timestamptz 'epoch' + ${ms} * interval '1 millisecond')`;

/**
 * The facts in one statement, as one JSON parameter: the driver writes it with JSON.stringify,
 * where seventeen array parameters cost more in escaping their elements than the insert itself;
 * times travel as epoch ms, which JSON.stringify writes several times faster than Dates.
 */
async function insertFacts(db: EntityManager, batchId: number, facts: readonly Fact[]): Promise<void> {
  if (facts.length === 0) return;
  await db.query(
    `INSERT INTO analytics_facts (batch_id, raw_id, source, source_event_id, event_type, user_id, device_id, item_id, occurred_at,
       platform, amount_cents, currency, duration_ms, progress, rating, query, channel, imputed, served_id)
     SELECT $1, f."rawId", f.source, f."sourceEventId", f."eventType", f."userId", f."deviceId", f."itemId", ${EPOCH_MS('f."occurredAt"')}, f.platform,
            f."amountCents", f.currency, f."durationMs", f.progress, f.rating, f.query, f.channel, f.imputed, f."servedId"
       FROM json_to_recordset($2::json) AS f("rawId" bigint, source text, "sourceEventId" text, "eventType" text, "userId" uuid, "deviceId" text,
            "itemId" uuid, "occurredAt" bigint, platform text, "amountCents" bigint, currency text, "durationMs" bigint, progress float8,
            rating float8, query text, channel text, imputed text[], "servedId" text)`,
    [batchId, JSON.stringify(facts.map((fact) => ({ ...fact, occurredAt: fact.occurredAt.getTime() })))],
  );
}

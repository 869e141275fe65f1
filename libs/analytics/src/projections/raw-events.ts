import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import { CLEANSING_LOCK } from './cleansing-batches.js';

/** A row for the raw table: what a source sent, as it sent it. */
export interface NewRawEvent {
  readonly source: string;
  readonly sourceEventId: string;
  readonly eventType: string;
  readonly userId: string | null;
  readonly deviceId: string | null;
  readonly timeZone: string | null;
  readonly payload: unknown;
  readonly clientIp: string | null;
}

/** PostgreSQL's "no partition of relation … found for row". */
const NO_PARTITION = '23514';
/** Partitions are made this many days ahead, so an insert seldom finds none. */
const DAYS_AHEAD = 7;

/**
 * The append-only raw table, range-partitioned by the UTC day a row arrived. Nothing updates or
 * deletes its rows: cleansing reads them by commit order, retention detaches whole days.
 */
@Injectable()
export class RawEvents {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Appends the rows in one statement; a day with no partition yet (clock past the last one made) gets one. */
  async append(rows: readonly NewRawEvent[], db: DataSource | EntityManager = this.dataSource): Promise<void> {
    if (rows.length === 0) return;
    const column = <K extends keyof NewRawEvent>(key: K) => rows.map((row) => row[key]);
    const insert = () =>
      db.query(
        `INSERT INTO analytics_raw_events (source, source_event_id, event_type, user_id, device_id, time_zone, payload, client_ip)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[], $8::inet[])`,
        [
          column('source'),
          column('sourceEventId'),
          column('eventType'),
          column('userId'),
          column('deviceId'),
          column('timeZone'),
          rows.map((row) => JSON.stringify(row.payload)),
          column('clientIp'),
        ],
      );
    try {
      await insert();
    } catch (error) {
      if ((error as { code?: string }).code !== NO_PARTITION) throw error;
      // Made in its own transaction, so it exists for everyone even if the caller's rolls back.
      await this.dataSource.query(`SELECT analytics_ensure_raw_partition((now() AT TIME ZONE 'UTC')::date)`);
      await insert();
    }
  }

  /** A sign-in as identity recorded it: devices seen in this session link to the user from this moment. */
  async recordSession(sessionId: string, userId: string, startedAt: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO analytics_sessions (session_id, user_id, started_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      sessionId,
      userId,
      startedAt,
    ]);
  }

  /**
   * A device sent events in a signed-in session: it is linked to the user from the session's
   * sign-in (or from now, if the sign-in has not been relayed yet); the first link of a pair stays.
   * Cleansing gives the device's later anonymous rows to the user; the anonymous facts it already
   * made before the sign-in become the user's here.
   */
  async linkDevice(deviceId: string, userId: string, sessionId: string | null): Promise<void> {
    const known = await this.dataSource.query(`SELECT 1 FROM analytics_device_links WHERE device_id = $1 AND user_id = $2`, [deviceId, userId]);
    if (known.length > 0) return;
    await this.dataSource.transaction(async (db) => {
      // Not while a cleansing batch runs: it could write this device's rows as anonymous after the update below.
      await db.query(CLEANSING_LOCK);
      const [link] = await db.query(
        `INSERT INTO analytics_device_links (device_id, user_id, linked_at)
         VALUES ($1, $2, coalesce((SELECT started_at FROM analytics_sessions WHERE session_id = $3::uuid AND user_id = $2), now()))
         ON CONFLICT DO NOTHING RETURNING linked_at`,
        [deviceId, userId, sessionId],
      );
      if (!link) return;
      await db.query(`UPDATE analytics_facts SET user_id = $2 WHERE device_id = $1 AND user_id IS NULL AND occurred_at <= $3`, [deviceId, userId, link.linked_at]);
    });
  }

  /**
   * Makes the partitions of the coming days, and detaches (then drops) those older than
   * ANALYTICS_RAW_RETENTION_DAYS. Returns the names of the partitions it detached.
   */
  async maintainPartitions(): Promise<string[]> {
    await this.dataSource.query(`SELECT analytics_ensure_raw_partition((now() AT TIME ZONE 'UTC')::date + d) FROM generate_series(0, $1::int) AS d`, [DAYS_AHEAD]);
    // Detached and dropped by a function that runs as the table's owner: the app's role owns no table.
    const retired: { name: string }[] = await this.dataSource.query(`SELECT analytics_retire_raw_partitions($1::int) AS name`, [
      this.config.analytics.rawRetentionDays,
    ]);
    return retired.map(({ name }) => name);
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../domain/index.js';
import { EventTypeRegistry } from './event-type-registry.js';
import { openPersonalData, type PersonalDataVault, ProvidesPersonalData, requesterPersonalData, sealPersonalData } from './personal-data.js';
import { InlineProjection, type InlineProjector } from './inline-projector.js';
import { currentRequestEvents } from './request-events.js';
import type { AppendRequest, EventMetadata, EventPosition, ExpectedVersion, RecordedEvent } from './recorded-event.js';


interface EventRow {
  global_position: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  transaction_id: string;
  created_at: Date;
}

const UNIQUE_VIOLATION = '23505';
const ANY_VERSION_ATTEMPTS = 5;

/** A stored event this process cannot turn into its current shape (undeclared type, missing upcaster). */
export class UnreadableEvent extends Error {
  override name = 'UnreadableEvent';

  constructor(
    readonly position: EventPosition,
    readonly eventType: string,
    cause: unknown,
  ) {
    super(`event ${position.globalPosition} (${eventType}) cannot be read: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

function versionConflict(streamId: string): DomainError {
  return new DomainError(
    'EVENT_STORE.VERSION_CONFLICT',
    'conflict',
    'The record was changed by someone else at the same time; reload it and try again.',
    { streamId },
  );
}

/**
 * Append-only event store on PostgreSQL with optimistic concurrency. Inline projectors run in
 * the append's transaction, so what they write is exactly as durable as the events.
 */
@Injectable()
export class EventStore implements OnModuleInit {
  private projectors: InlineProjector[] = [];
  private vault: PersonalDataVault | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: EventTypeRegistry,
    private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    this.projectors = this.discovery
      .getProviders({ metadataKey: InlineProjection.KEY })
      .map((wrapper) => wrapper.instance as InlineProjector)
      .filter((instance): instance is InlineProjector => instance !== undefined && instance !== null);
    this.vault = (this.discovery.getProviders({ metadataKey: ProvidesPersonalData.KEY })[0]?.instance as PersonalDataVault | undefined) ?? null;
  }

  /**
   * Appends events at `expectedVersion`; a writer that loaded an older version gets a
   * VERSION_CONFLICT (409) and nothing is written. Pass `manager` to join a transaction. When the
   * store opens the transaction itself, events attached to the running request (RequestEvents)
   * are written in it too.
   */
  async append(request: AppendRequest, manager?: EntityManager): Promise<RecordedEvent[]> {
    if (request.events.length === 0) return [];
    if (manager) return this.appendInTransaction(request, manager);
    const attached = currentRequestEvents();
    const ticket = attached?.claim() ?? null;
    const run = async (tx: EntityManager) => {
      const recorded = await this.appendInTransaction(request, tx);
      if (ticket) await this.appendInTransaction(attached!.request, tx);
      return recorded;
    };
    try {
      const recorded = await this.inOwnTransaction(request.expectedVersion, run);
      ticket?.settle(true);
      return recorded;
    } catch (error) {
      ticket?.settle(false);
      throw error;
    }
  }

  private async inOwnTransaction<T>(expectedVersion: ExpectedVersion, run: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (expectedVersion !== 'any') return this.dataSource.transaction(run);
    // 'any' races only with other 'any' writers of a log-like stream: retry on a lost race.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(run);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'EVENT_STORE.VERSION_CONFLICT') throw error;
        if (attempt >= ANY_VERSION_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The events of one stream in version order, upcast to their current schema, with the personal
   * data in them opened (ERASED once its person's key is gone): what a decider folds.
   */
  async readStream(streamId: string, fromVersion = 1, manager?: EntityManager): Promise<RecordedEvent[]> {
    const db = manager ?? this.dataSource.manager;
    const rows: EventRow[] = await db.query(`SELECT * FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version`, [streamId, fromVersion]);
    return Promise.all(
      rows.map(async (row) => {
        const event = this.toRecorded(row);
        return { ...event, data: await this.openedData(event.type, event.data as Record<string, unknown>, db) };
      }),
    );
  }

  /** An event's data with the personal data in it opened by its person's key. readAll leaves it sealed: subscribers (the audit trail) keep it so. */
  async openedData(type: string, data: Record<string, unknown>, manager: EntityManager = this.dataSource.manager): Promise<Record<string, unknown>> {
    const spec = this.registry.personalDataOf(type);
    return spec && this.vault ? openPersonalData(data, spec, this.vault, manager) : data;
  }

  /**
   * An event's metadata with the actor's client address and User-Agent opened by their key
   * (ERASED once it is gone). The store hands metadata on as stored, sealed: only a reader that
   * shows where an event came from opens it.
   */
  async openedMetadata(metadata: EventMetadata, manager: EntityManager = this.dataSource.manager): Promise<EventMetadata> {
    if (!this.vault) return metadata;
    return (await openPersonalData(metadata as unknown as Record<string, unknown>, requesterPersonalData(metadata), this.vault, manager)) as unknown as EventMetadata;
  }

  /**
   * Events after `after` in the global order (transaction id, then position), up to `limit`. Only
   * events of transactions older than every transaction still running are returned, so what is
   * returned never changes afterwards: a slow transaction that commits late is read on a later
   * call (its transaction id sorts it after everything returned so far), never skipped.
   */
  async readAll(after: EventPosition, limit: number, manager?: EntityManager): Promise<RecordedEvent[]> {
    const rows: EventRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT * FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, global_position
        LIMIT $3`,
      [after.transactionId, after.globalPosition, limit],
    );
    return rows.map((row) => this.toRecorded(row));
  }

  /** One event by its global position, or null if there is none. */
  async readEvent(globalPosition: number, manager?: EntityManager): Promise<RecordedEvent | null> {
    const rows: EventRow[] = await (manager ?? this.dataSource.manager).query(`SELECT * FROM events WHERE global_position = $1`, [
      globalPosition,
    ]);
    return rows[0] ? this.toRecorded(rows[0]) : null;
  }

  private async appendInTransaction(request: AppendRequest, tx: EntityManager): Promise<RecordedEvent[]> {
    const { streamId, streamType, expectedVersion, events, metadata } = request;
    const types = events.map((event) => event.type);
    const schemaVersions = types.map((type) => this.registry.schemaVersionOf(type));
    // A person's data (and the actor's address and User-Agent) is stored sealed with their key; what this append hands on (projectors, the caller) is in clear.
    const data = await Promise.all(
      events.map(async (event) => {
        const spec = this.registry.personalDataOf(event.type);
        const stored = spec && this.vault ? await sealPersonalData(event.data as Record<string, unknown>, spec, this.vault, tx) : event.data;
        return JSON.stringify(stored);
      }),
    );
    const storedMetadata = this.vault
      ? await sealPersonalData(metadata as unknown as Record<string, unknown>, requesterPersonalData(metadata), this.vault, tx)
      : metadata;
    let rows: EventRow[];
    try {
      rows = await tx.query(
        `WITH current AS (SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1)
         INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, metadata)
         SELECT $1, $2, current.version + e.ord, e.type, e.schema_version, e.data, $6::jsonb
           FROM current,
                unnest($3::text[], $4::int[], $5::jsonb[]) WITH ORDINALITY AS e(type, schema_version, data, ord)
          WHERE $7::int IS NULL OR current.version = $7::int
         RETURNING *`,
        [
          streamId,
          streamType,
          types,
          schemaVersions,
          data,
          JSON.stringify(storedMetadata),
          expectedVersion === 'any' ? null : expectedVersion,
        ],
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw versionConflict(streamId);
      throw error;
    }
    if (rows.length !== events.length) throw versionConflict(streamId);
    const recorded = rows.map((row, i) => ({ ...this.toRecorded(row), data: events[i]!.data as Record<string, unknown>, metadata }));
    for (const projector of this.projectors) {
      const relevant = recorded.filter((event) => projector.eventTypes.includes(event.type));
      if (relevant.length > 0) await projector.project(relevant, tx);
    }
    return recorded;
  }

  private toRecorded(row: EventRow): RecordedEvent {
    let data: Record<string, unknown>;
    try {
      data = this.registry.upcast(row.type, row.schema_version, row.data);
    } catch (error) {
      throw new UnreadableEvent({ transactionId: row.transaction_id, globalPosition: Number(row.global_position) }, row.type, error);
    }
    return {
      globalPosition: Number(row.global_position),
      transactionId: row.transaction_id,
      streamId: row.stream_id,
      streamType: row.stream_type,
      version: row.version,
      type: row.type,
      schemaVersion: row.schema_version,
      data,
      metadata: row.metadata,
      createdAt: row.created_at,
    };
  }
}

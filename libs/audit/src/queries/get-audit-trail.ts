import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abilityToSql, type AppAbility, decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '#platform';
import { type AuditLogRow, entryOfRow } from '../projections/audit-log.row.js';

export interface AuditTrailFilter {
  readonly streamId?: string;
  readonly actorId?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface AuditTrailItem {
  seq: number;
  globalPosition: number;
  streamId: string;
  streamType: string;
  eventType: string;
  actorId: string | null;
  requestId: string | null;
  occurredAt: string;
  payload: unknown;
  hash: string;
  prevHash: string;
}

export interface AuditTrailPage {
  items: AuditTrailItem[];
  nextCursor: string | null;
}

/** Audit entries newest first, optionally of one stream or one actor, limited to what the caller may read. */
export class GetAuditTrail extends Query<AuditTrailPage> {
  constructor(
    readonly filter: AuditTrailFilter,
    readonly ability: AppAbility,
  ) {
    super();
  }
}

const RULE_COLUMNS = { streamId: 'stream_id', streamType: 'stream_type', eventType: 'event_type', actorId: 'actor_id' };

@QueryHandler(GetAuditTrail)
export class GetAuditTrailHandler implements IQueryHandler<GetAuditTrail> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ filter, ability }: GetAuditTrail): Promise<AuditTrailPage> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const visible = abilityToSql(ability, 'read', 'AuditLog', RULE_COLUMNS);
    const query = this.dataSource
      .createQueryBuilder()
      .select('*')
      .from('audit_log', 'audit_log')
      .where(visible.sql, visible.params)
      .orderBy('seq', 'DESC')
      .limit(limit + 1);
    if (filter.streamId !== undefined) query.andWhere('stream_id = :streamId', { streamId: filter.streamId });
    if (filter.actorId !== undefined) query.andWhere('actor_id = :actorId', { actorId: filter.actorId });
    const after = this.seqAfter(filter.cursor);
    if (after !== null) query.andWhere('seq < :after', { after });
    const rows: AuditLogRow[] = await query.getRawMany();
    return toPage(rows, limit, toItem, (row) => [Number(row.seq)]);
  }

  private seqAfter(cursor: string | undefined): number | null {
    const key = decodeCursor(cursor, ['integer']);
    return key === null ? null : Number(key[0]);
  }
}

function toItem(row: AuditLogRow): AuditTrailItem {
  const { metadata: _sealedButNotListed, ...entry } = entryOfRow(row);
  return { seq: Number(row.seq), ...entry, hash: row.hash, prevHash: row.prev_hash };
}

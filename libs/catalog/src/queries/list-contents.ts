import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { abilityToSql, type AppAbility, decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '#platform';
import type { ContentKind, ContentStatus } from '../domain/catalog-events.js';
import { ContentRecord } from '../projections/content.record.js';

export interface ContentSummary {
  id: string;
  kind: ContentKind;
  title: string;
  summary: string;
  priceCents: number;
  currency: string;
  tags: string[];
  creatorId: string;
  status: ContentStatus;
  publishedAt: string | null;
  lessonCount: number;
}

export interface ContentFilter {
  q?: string;
  tag?: string;
  kind?: ContentKind;
  status?: ContentStatus;
  cursor?: string;
  limit?: number;
}

export class ListContents extends Query<{ items: ContentSummary[]; nextCursor: string | null }> {
  constructor(
    readonly filter: ContentFilter,
    readonly ability: AppAbility,
  ) {
    super();
  }
}

interface SummaryRow {
  id: string;
  kind: ContentKind;
  title: string;
  summary: string;
  price_cents: number;
  currency: string;
  tags: string[];
  creator_id: string;
  status: ContentStatus;
  published_at: Date | null;
  created_at: Date;
  lesson_count: number;
}

/** Rule fields of `Content` and the columns that hold them. */
const RULE_COLUMNS = { status: 'c.status', creatorId: 'c.creator_id' } as const;

/** `%`, `_` and `\` in the user's text are matched literally (PostgreSQL's default LIKE escape is `\`). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Contents of one status (published by default), newest first, filtered by the caller's `read`
 * rules in SQL: a creator sees their own drafts, staff every draft, anonymous callers none.
 */
@QueryHandler(ListContents)
export class ListContentsHandler implements IQueryHandler<ListContents> {
  constructor(@InjectRepository(ContentRecord) private readonly contents: Repository<ContentRecord>) {}

  async execute({ filter, ability }: ListContents): Promise<{ items: ContentSummary[]; nextCursor: string | null }> {
    const status = filter.status ?? 'published';
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const sortColumn = status === 'published' ? 'c.published_at' : 'c.created_at';
    const readable = abilityToSql(ability, 'read', 'Content', RULE_COLUMNS);

    const query = this.contents
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .addSelect('c.kind', 'kind')
      .addSelect('c.title', 'title')
      .addSelect('c.summary', 'summary')
      .addSelect('c.price_cents', 'price_cents')
      .addSelect('c.currency', 'currency')
      .addSelect('c.tags', 'tags')
      .addSelect('c.creator_id', 'creator_id')
      .addSelect('c.status', 'status')
      .addSelect('c.published_at', 'published_at')
      .addSelect('c.created_at', 'created_at')
      .addSelect('jsonb_array_length(c.lessons)', 'lesson_count')
      .where(readable.sql, readable.params)
      .andWhere('c.status = :status', { status });
    if (filter.q) query.andWhere('(c.title ILIKE :q OR c.summary ILIKE :q)', { q: containsPattern(filter.q) });
    if (filter.tag) query.andWhere('c.tags @> ARRAY[CAST(:tag AS text)]', { tag: filter.tag });
    if (filter.kind) query.andWhere('c.kind = :kind', { kind: filter.kind });

    const after = decodeCursor(filter.cursor, ['timestamp', 'uuid']);
    if (after) {
      const [afterAt, afterId] = after;
      query.andWhere(`(${sortColumn}, c.id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))`, { afterAt, afterId });
    }

    const rows = await query
      .orderBy(sortColumn, 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getRawMany<SummaryRow>();

    return toPage(
      rows,
      limit,
      (row) => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        summary: row.summary,
        priceCents: row.price_cents,
        currency: row.currency,
        tags: row.tags,
        creatorId: row.creator_id,
        status: row.status,
        publishedAt: row.published_at?.toISOString() ?? null,
        lessonCount: Number(row.lesson_count),
      }),
      (row) => [((status === 'published' ? row.published_at : row.created_at) as Date).toISOString(), row.id],
    );
  }
}

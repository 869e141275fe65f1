import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { abilityToSql, type AppAbility, type CursorField, decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '#platform';
import type { ContentKind, ContentStatus } from '../domain/catalog-events.js';
import { ContentRecord } from '../projections/content.record.js';
import { categorySubtree } from './category-subtree.js';

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

export const CONTENT_SORTS = ['newest', 'popular', 'rating', 'price_asc', 'price_desc'] as const;
export type ContentSort = (typeof CONTENT_SORTS)[number];

export const PRICE_BANDS = ['free', 'paid'] as const;
export type PriceBand = (typeof PRICE_BANDS)[number];

export interface ContentFilter {
  q?: string;
  tag?: string;
  kind?: ContentKind;
  status?: ContentStatus;
  /** A category's slug: contents filed under it or any category below it. */
  category?: string;
  price?: PriceBand;
  creatorId?: string;
  sort?: ContentSort;
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
  sort_key?: number;
}

/** Rule fields of `Content` and the columns that hold them. */
const RULE_COLUMNS = { status: 'c.status', creatorId: 'c.creator_id' } as const;

/**
 * How each sort orders and pages: the key expression, its direction, and the cursor's shape.
 * Every key ends with the id, so ties never repeat or skip an item across pages.
 */
interface SortPlan {
  key: string;
  direction: 'ASC' | 'DESC';
  cursor: readonly CursorField[];
  needsStats: boolean;
  keyOf: (row: SummaryRow) => string | number;
}

function sortPlan(sort: ContentSort, status: ContentStatus): SortPlan {
  switch (sort) {
    case 'newest': {
      const published = status === 'published';
      return {
        key: published ? 'c.published_at' : 'c.created_at',
        direction: 'DESC',
        cursor: ['timestamp', 'uuid'],
        needsStats: false,
        keyOf: (row) => ((published ? row.published_at : row.created_at) as Date).toISOString(),
      };
    }
    case 'popular':
      return { key: 'COALESCE(s.buyers, 0)', direction: 'DESC', cursor: ['integer', 'uuid'], needsStats: true, keyOf: (row) => Number(row.sort_key) };
    case 'rating':
      return { key: 'COALESCE(s.rating_centi, 0)', direction: 'DESC', cursor: ['integer', 'uuid'], needsStats: true, keyOf: (row) => Number(row.sort_key) };
    case 'price_asc':
    case 'price_desc':
      return {
        key: 'c.price_cents',
        direction: sort === 'price_asc' ? 'ASC' : 'DESC',
        cursor: ['integer', 'uuid'],
        needsStats: false,
        keyOf: (row) => row.price_cents,
      };
  }
}

/** `%`, `_` and `\` in the user's text are matched literally (PostgreSQL's default LIKE escape is `\`). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Contents of one status (published by default), filtered by the caller's `read` rules in SQL
 * (a creator sees their own drafts, staff every draft, anonymous callers none), by category
 * subtree, tag, kind, price band and creator, sorted newest first or by popularity, rating or price.
 */
@QueryHandler(ListContents)
export class ListContentsHandler implements IQueryHandler<ListContents> {
  constructor(@InjectRepository(ContentRecord) private readonly contents: Repository<ContentRecord>) {}

  async execute({ filter, ability }: ListContents): Promise<{ items: ContentSummary[]; nextCursor: string | null }> {
    const status = filter.status ?? 'published';
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const plan = sortPlan(filter.sort ?? 'newest', status);
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
    if (plan.needsStats) {
      query.leftJoin('catalog_content_stats', 's', 's.content_id = c.id').addSelect(plan.key, 'sort_key');
    }
    if (filter.q) query.andWhere('(c.title ILIKE :q OR c.summary ILIKE :q)', { q: containsPattern(filter.q) });
    if (filter.tag) query.andWhere('c.tags @> ARRAY[CAST(:tag AS text)]', { tag: filter.tag });
    if (filter.kind) query.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter.price) query.andWhere(filter.price === 'free' ? 'c.price_cents = 0' : 'c.price_cents > 0');
    if (filter.creatorId) query.andWhere('c.creator_id = :creatorId', { creatorId: filter.creatorId });
    if (filter.category) {
      query.andWhere('c.category_id = ANY(CAST(:categoryIds AS uuid[]))', { categoryIds: await categorySubtree(this.contents, filter.category) });
    }

    const after = decodeCursor(filter.cursor, plan.cursor);
    if (after) {
      const [afterKey, afterId] = after;
      const keyType = plan.cursor[0] === 'timestamp' ? 'timestamptz' : 'integer';
      const comparison = plan.direction === 'DESC' ? '<' : '>';
      query.andWhere(`(${plan.key}, c.id) ${comparison} (CAST(:afterKey AS ${keyType}), CAST(:afterId AS uuid))`, { afterKey, afterId });
    }

    const rows = await query
      .orderBy(plan.key, plan.direction)
      .addOrderBy('c.id', plan.direction)
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
      (row) => [plan.keyOf(row), row.id],
    );
  }
}

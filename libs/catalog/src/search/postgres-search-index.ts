import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abilityToSql, type AppAbility } from '#platform';
import type { ContentKind } from '../domain/catalog-events.js';
import { type SearchCriteria, SearchIndex, type SearchResults } from './search-index.js';

/** Rule fields of `Content` and the search document's columns that hold them. */
const RULE_COLUMNS = { status: 'd.status', creatorId: 'd.creator_id' } as const;

/** ts_rank weights for D, C, B, A: lesson headings < summary < tags < title. */
const WEIGHTS = `'{0.05, 0.2, 0.5, 1.0}'`;

/** Fuzzy (trigram) matching starts at three characters: shorter text has no trigram to look up. */
const FUZZY_FROM = 3;

/**
 * How close a query must come to a run of words in a title or tag to match it (pg_trgm's `<%`).
 * The default 0.6 misses one-letter typos in short words (pyton ~ python is 0.5).
 */
const WORD_SIMILARITY_THRESHOLD = 0.45;

interface PageRow {
  hits: {
    content_id: string;
    creator_id: string;
    kind: ContentKind;
    title: string;
    summary: string;
    tags: string[];
    headings: string[];
    price_cents: number;
    currency: string;
    category_id: string | null;
    published_at: string | null;
    score: string;
  }[];
  facets: { kind: Record<string, number> | null; category: Record<string, number> | null; price: Record<string, number> | null };
  total: number;
}

/**
 * Search over catalog_search_documents in one statement: the full-text match (and, from three
 * characters, trigram matches for typos and partial words) of published documents the caller may
 * read; then the facets, the total and one page, in rank order.
 */
@Injectable()
export class PostgresSearchIndex extends SearchIndex {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async search(criteria: SearchCriteria): Promise<SearchResults> {
    const fuzzy = criteria.words !== null && criteria.fuzzy.length >= FUZZY_FROM;
    if (criteria.words?.length === 0 && !fuzzy) return { matches: [], facets: { kind: {}, category: {}, price: {} }, total: 0 };
    const readable = abilityToSql(criteria.ability, 'read', 'Content', RULE_COLUMNS);
    const params: Record<string, unknown> = {
      ...readable.params,
      words: criteria.words?.join(' ') ?? '',
      fuzzy: criteria.fuzzy,
      like: `%${criteria.fuzzy}%`,
      kind: criteria.kind,
      categoryIds: criteria.categoryIds,
      paid: criteria.price === null ? null : criteria.price === 'paid',
      ownedIds: criteria.ownedIds,
      limit: criteria.limit + 1,
      afterScore: criteria.after?.score ?? null,
      afterId: criteria.after?.contentId ?? null,
    };
    const matchesText =
      criteria.words === null ? 'true' : fuzzy ? `(d.document @@ q.tsq OR d.fuzzy_text ILIKE :like OR :fuzzy <% d.fuzzy_text)` : `d.document @@ q.tsq`;
    const owned = criteria.owned === null ? '' : criteria.owned ? 'AND d.content_id = ANY(CAST(:ownedIds AS uuid[]))' : 'AND d.content_id <> ALL(CAST(:ownedIds AS uuid[]))';
    const sql = `
      WITH q AS (SELECT plainto_tsquery('simple', :words) AS tsq),
      matched AS MATERIALIZED (
        SELECT d.content_id, d.creator_id, d.kind, d.title, d.summary, d.tags, d.headings, d.price_cents, d.currency,
               d.category_id, d.published_at,
               (ts_rank(${WEIGHTS}, d.document, q.tsq) * 1000000 ${fuzzy ? '+ word_similarity(:fuzzy, d.fuzzy_text) * 100000' : ''})::bigint AS score,
               (CAST(:kind AS text) IS NULL OR d.kind = :kind) AS kind_ok,
               (CAST(:categoryIds AS uuid[]) IS NULL OR d.category_id = ANY(CAST(:categoryIds AS uuid[]))) AS category_ok,
               (CAST(:paid AS boolean) IS NULL OR (d.price_cents > 0) = :paid) AS price_ok
          FROM catalog_search_documents d, q
         WHERE d.status = 'published' AND ${readable.sql} AND ${matchesText} ${owned}
      ),
      filtered AS (SELECT * FROM matched WHERE kind_ok AND category_ok AND price_ok),
      page AS (
        SELECT * FROM filtered
         WHERE CAST(:afterScore AS bigint) IS NULL OR (score, content_id) < (CAST(:afterScore AS bigint), CAST(:afterId AS uuid))
         ORDER BY score DESC, content_id DESC
         LIMIT :limit
      )
      SELECT
        (SELECT coalesce(jsonb_agg(to_jsonb(page) - 'kind_ok' - 'category_ok' - 'price_ok' ORDER BY score DESC, content_id DESC), '[]') FROM page) AS hits,
        jsonb_build_object(
          'kind', (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*) AS n FROM matched WHERE category_ok AND price_ok GROUP BY kind) f),
          'category', (SELECT jsonb_object_agg(category_id, n) FROM (SELECT category_id, count(*) AS n FROM matched
                         WHERE kind_ok AND price_ok AND category_id IS NOT NULL GROUP BY category_id) f),
          'price', (SELECT jsonb_object_agg(band, n) FROM (SELECT CASE WHEN price_cents > 0 THEN 'paid' ELSE 'free' END AS band, count(*) AS n
                      FROM matched WHERE kind_ok AND category_ok GROUP BY band) f)
        ) AS facets,
        (SELECT count(*)::int FROM filtered) AS total`;
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    // SET LOCAL needs a transaction: the threshold holds for this statement only, on whichever pooled connection runs it.
    const [row] = await this.dataSource.transaction(async (manager): Promise<PageRow[]> => {
      if (fuzzy) await manager.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(WORD_SIMILARITY_THRESHOLD)]);
      return manager.query(text, values);
    });
    return {
      matches: row!.hits.map((hit) => ({
        contentId: hit.content_id,
        creatorId: hit.creator_id,
        kind: hit.kind,
        title: hit.title,
        summary: hit.summary,
        tags: hit.tags,
        headings: hit.headings,
        priceCents: hit.price_cents,
        currency: hit.currency,
        categoryId: hit.category_id,
        publishedAt: hit.published_at === null ? null : new Date(hit.published_at).toISOString(),
        score: Number(hit.score),
      })),
      facets: { kind: row!.facets.kind ?? {}, category: row!.facets.category ?? {}, price: row!.facets.price ?? {} },
      total: row!.total,
    };
  }

  async suggest(words: readonly string[], ability: AppAbility, limit: number): Promise<string[]> {
    if (words.length === 0) return [];
    const readable = abilityToSql(ability, 'read', 'Content', RULE_COLUMNS);
    // Words hold only letters and digits (search-text.ts), so they are safe as tsquery operands.
    const prefixQuery = words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ');
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT d.title FROM catalog_search_documents d
         LEFT JOIN catalog_content_stats s ON s.content_id = d.content_id
        WHERE d.status = 'published' AND ${readable.sql} AND d.document @@ to_tsquery('simple', :prefixQuery)
        ORDER BY ts_rank(${WEIGHTS}, d.document, to_tsquery('simple', :prefixQuery)) DESC, COALESCE(s.buyers, 0) DESC, d.title
        LIMIT :limit`,
      { ...readable.params, prefixQuery, limit: limit * 2 },
    );
    const rows: { title: string }[] = await this.dataSource.query(text, values);
    return [...new Set(rows.map((row) => row.title))].slice(0, limit);
  }
}

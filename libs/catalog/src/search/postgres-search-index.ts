import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { abilityToSql, type AppAbility, APP_CONFIG, type AppConfig } from '#platform';
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

/** Fewer full-text matches than this and trigram matches (typos, partial words) join them. */
const FUZZY_BELOW = 10;

/**
 * Trigram candidates taken at most: each costs a similarity computation (the GIN index only narrows
 * them down), and for a typo the first few hundred that come close are plenty.
 */
const FUZZY_CANDIDATES = 200;

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
  capped: boolean;
}

/**
 * Search over catalog_search_documents in one statement. What bounds its cost on a large catalogue
 * is the candidate set: at most SEARCH_MAX_CANDIDATES published documents the caller may read,
 * taken from the GIN indexes without ranking, title and tag hits first (they outrank any other,
 * title > tags > summary > lesson headings), then the other full-text hits, then, only when those
 * are fewer than FUZZY_BELOW, trigram matches. Only the candidates are ranked (ts_rank) and
 * counted into facets and the total; only the page's rows are read whole.
 */
@Injectable()
export class PostgresSearchIndex extends SearchIndex {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async search(criteria: SearchCriteria): Promise<SearchResults> {
    const fuzzy = criteria.words !== null && criteria.fuzzy.length >= FUZZY_FROM;
    if (criteria.words?.length === 0 && !fuzzy) return { matches: [], facets: { kind: {}, category: {}, price: {} }, total: 0, totalCapped: false };
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
      cap: this.config.search.maxCandidates,
      fuzzyBelow: FUZZY_BELOW,
      fuzzyCandidates: FUZZY_CANDIDATES,
      limit: criteria.limit + 1,
      afterScore: criteria.after?.score ?? null,
      afterId: criteria.after?.contentId ?? null,
    };
    const owned = criteria.owned === null ? '' : criteria.owned ? 'AND d.content_id = ANY(CAST(:ownedIds AS uuid[]))' : 'AND d.content_id <> ALL(CAST(:ownedIds AS uuid[]))';
    const tsq = `plainto_tsquery('simple', :words)`;
    const titleWords = `ts_filter(d.document, '{a,b}')`;
    // Each tier reads what ranking and the facets need, of published documents the caller may read,
    // owned or not as asked. The tsquery is a constant expression (not a joined row), so the planner
    // can match it against the GIN indexes.
    const tier = (rank: string, where: string, limit: string) =>
      `SELECT d.content_id, d.kind, d.category_id, d.price_cents, ${rank} AS rank ${fuzzy ? ', d.fuzzy_text' : ''}
         FROM catalog_search_documents d WHERE d.status = 'published' AND ${readable.sql} ${owned} AND ${where} LIMIT ${limit}`;
    const ranked = `ts_rank(${WEIGHTS}, d.document, ${tsq})`;
    const tiers =
      criteria.words === null
        ? // A browse without text: the newest ids, as its pages are ordered (a primary-key scan).
          `browsed AS MATERIALIZED (${tier('0', 'true ORDER BY d.content_id DESC', ':cap')}),
           tiered AS (SELECT * FROM browsed)`
        : `titled AS MATERIALIZED (${tier(ranked, `${titleWords} @@ ${tsq}`, ':cap')}),
           texted AS MATERIALIZED (${tier(ranked, `d.document @@ ${tsq} AND NOT ${titleWords} @@ ${tsq}`, '(SELECT :cap - count(*) FROM titled)')}),
           ${
             fuzzy
               ? `fuzzy_on AS (SELECT (SELECT count(*) FROM titled) + (SELECT count(*) FROM texted) < :fuzzyBelow AS active),
                  fuzzied AS MATERIALIZED (${tier('0', `(SELECT active FROM fuzzy_on) AND (d.fuzzy_text ILIKE :like OR :fuzzy <% d.fuzzy_text) AND NOT d.document @@ ${tsq}`, 'LEAST(:cap, :fuzzyCandidates)')}),`
               : ''
           }
           tiered AS (SELECT * FROM titled UNION ALL SELECT * FROM texted ${fuzzy ? 'UNION ALL SELECT * FROM fuzzied' : ''})`;
    const sql = `
      WITH ${tiers},
      candidates AS MATERIALIZED (
        SELECT content_id, kind, category_id, price_cents,
               (rank * 1000000 ${fuzzy ? '+ CASE WHEN (SELECT active FROM fuzzy_on) THEN word_similarity(:fuzzy, fuzzy_text) * 100000 ELSE 0 END' : ''})::bigint AS score,
               (CAST(:kind AS text) IS NULL OR kind = :kind) AS kind_ok,
               (CAST(:categoryIds AS uuid[]) IS NULL OR category_id = ANY(CAST(:categoryIds AS uuid[]))) AS category_ok,
               (CAST(:paid AS boolean) IS NULL OR (price_cents > 0) = :paid) AS price_ok
          FROM tiered
      ),
      filtered AS (SELECT content_id, score FROM candidates WHERE kind_ok AND category_ok AND price_ok),
      page AS (
        SELECT * FROM filtered
         WHERE CAST(:afterScore AS bigint) IS NULL OR (score, content_id) < (CAST(:afterScore AS bigint), CAST(:afterId AS uuid))
         ORDER BY score DESC, content_id DESC
         LIMIT :limit
      )
      SELECT
        (SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'content_id', d.content_id, 'creator_id', d.creator_id, 'kind', d.kind, 'title', d.title, 'summary', d.summary, 'tags', d.tags,
                  'headings', d.headings, 'price_cents', d.price_cents, 'currency', d.currency, 'category_id', d.category_id,
                  'published_at', d.published_at, 'score', p.score) ORDER BY p.score DESC, p.content_id DESC), '[]')
           FROM page p JOIN catalog_search_documents d ON d.content_id = p.content_id) AS hits,
        jsonb_build_object(
          'kind', (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*) AS n FROM candidates WHERE category_ok AND price_ok GROUP BY kind) f),
          'category', (SELECT jsonb_object_agg(category_id, n) FROM (SELECT category_id, count(*) AS n FROM candidates
                         WHERE kind_ok AND price_ok AND category_id IS NOT NULL GROUP BY category_id) f),
          'price', (SELECT jsonb_object_agg(band, n) FROM (SELECT CASE WHEN price_cents > 0 THEN 'paid' ELSE 'free' END AS band, count(*) AS n
                      FROM candidates WHERE kind_ok AND category_ok GROUP BY band) f)
        ) AS facets,
        (SELECT count(*)::int FROM filtered) AS total,
        (SELECT count(*) >= :cap FROM candidates) ${fuzzy ? 'OR (SELECT count(*) >= LEAST(:cap, :fuzzyCandidates) FROM fuzzied)' : ''} AS capped`;
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    const [row] = await this.withIndexedPlans(fuzzy, (manager): Promise<PageRow[]> => manager.query(text, values));
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
      totalCapped: row!.capped,
    };
  }

  async suggest(words: readonly string[], ability: AppAbility, limit: number): Promise<string[]> {
    if (words.length === 0) return [];
    const readable = abilityToSql(ability, 'read', 'Content', RULE_COLUMNS);
    // Words hold only letters and digits (search-text.ts), so they are safe as tsquery operands.
    const prefixQuery = words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ');
    // A suggestion is a title, so it comes from title and tag words; a one-letter prefix matches a
    // good part of the catalogue, so only the first SEARCH_MAX_CANDIDATES of them are ranked.
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(
      `WITH candidates AS MATERIALIZED (
         SELECT d.content_id, d.title, ts_rank(${WEIGHTS}, d.document, to_tsquery('simple', :prefixQuery)) AS rank
           FROM catalog_search_documents d
          WHERE d.status = 'published' AND ${readable.sql} AND ts_filter(d.document, '{a,b}') @@ to_tsquery('simple', :prefixQuery)
          LIMIT :cap)
       SELECT c.title FROM candidates c LEFT JOIN catalog_content_stats s ON s.content_id = c.content_id
        ORDER BY c.rank DESC, COALESCE(s.buyers, 0) DESC, c.title
        LIMIT :limit`,
      { ...readable.params, prefixQuery, cap: this.config.search.maxCandidates, limit: limit * 2 },
    );
    const rows: { title: string }[] = await this.withIndexedPlans(false, (manager) => manager.query(text, values));
    return [...new Set(rows.map((row) => row.title))].slice(0, limit);
  }

  /**
   * Runs a search statement in a transaction whose settings hold for it only, on whichever pooled
   * connection runs it. Candidates stop at a LIMIT, so the planner prefers a sequential scan it
   * expects to stop early; but the matches of a common word are spread through the table and each
   * row there costs a tsvector match: reading them through the GIN indexes is always cheaper.
   */
  private withIndexedPlans<T>(fuzzy: boolean, run: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT set_config('enable_seqscan', 'off', true) ${fuzzy ? `, set_config('pg_trgm.word_similarity_threshold', '${WORD_SIMILARITY_THRESHOLD}', true)` : ''}`,
      );
      return run(manager);
    });
  }
}

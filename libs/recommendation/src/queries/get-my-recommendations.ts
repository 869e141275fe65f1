import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import { GetOwnedContentIds } from '#commerce';
import { USER_KNN_SQL } from './user-knn-sql.js';
import {
  type CoPurchaseEvidence,
  type ModelCandidate,
  type PopularCandidate,
  type Recommendation,
  recommend,
  type ServedModel,
  type SimilarEvidence,
  USER_KNN_NEIGHBOURS,
} from '../domain/ranking.js';

/**
 * The statements a learner's list reads, exported so the benchmark's raw-`pg` baseline sends the
 * very same text: purchases ($1 learner), the model's candidates with their evidence ($1 owned
 * ids, $2 learner), the popular fill with each row's learners ($1 owned ids, $2 learner, $3 rows).
 * A read is two rounds: the purchases (with commerce's grants, and the running experiment), then
 * the candidates and the popular fill side by side.
 */
export const MY_RECOMMENDATIONS_SQL = {
  purchased: `SELECT content_id FROM rec_purchases WHERE user_id = $1`,
  // One pass over the owned items' neighbourhood rows (at most 20 each): the score, and the owned
  // item bought with it by the most learners (as the batch counted them); then the content model's
  // closest owned item with the terms both carry.
  candidates: `WITH rows AS (
     SELECT n.content_id, n.neighbour_id, n.score, n.co_purchases
       FROM rec_current_batch batch
       JOIN rec_model_neighbours n ON n.batch_id = batch.batch_id
      WHERE n.content_id = ANY($1::uuid[]) AND NOT n.neighbour_id = ANY($1::uuid[])
   ), scored AS (
     SELECT neighbour_id AS content_id, sum(score) AS score,
            (array_agg(content_id ORDER BY co_purchases DESC, content_id) FILTER (WHERE co_purchases > 0))[1] AS co_with,
            max(co_purchases) AS co_learners
       FROM rows
      GROUP BY neighbour_id
   ), closest AS (
     SELECT DISTINCT ON (c.neighbour_id) c.neighbour_id, c.content_id, c.shared
       FROM rec_current_batch batch
       JOIN rec_content_neighbours c ON c.batch_id = batch.batch_id
      WHERE c.content_id = ANY($1::uuid[])
      ORDER BY c.neighbour_id, c.similarity DESC, c.content_id
   )
   SELECT scored.content_id AS "contentId", item.title, item.kind, item.creator_id AS "creatorId", scored.score,
          CASE WHEN co_basis.content_id IS NOT NULL THEN jsonb_build_object(
            'kind', 'co-purchase', 'with', co_basis.title, 'withContentId', co_basis.content_id, 'learners', scored.co_learners) END AS "coPurchase",
          CASE WHEN sim_basis.content_id IS NOT NULL THEN jsonb_build_object(
            'kind', 'similar', 'to', sim_basis.title, 'toContentId', sim_basis.content_id, 'shared', to_jsonb(closest.shared)) END AS similar
     FROM scored
     JOIN rec_items item ON item.content_id = scored.content_id AND item.creator_id <> $2
     LEFT JOIN rec_items co_basis ON co_basis.content_id = scored.co_with
     LEFT JOIN closest ON closest.neighbour_id = scored.content_id
     LEFT JOIN rec_items sim_basis ON sim_basis.content_id = closest.content_id
    WHERE scored.score > 0
    ORDER BY scored.score DESC, scored.content_id`,
  // The most bought items of the categories the learner chose (rec_interests), then of the
  // categories of what they own or browsed, then of the others. The first two tiers walk the
  // per-category popularity index (rec_items_category_popular_idx) once per category (a LATERAL
  // with LIMIT $3 each, the top $3 of their union taken from those, chosen categories first), the
  // last the catalogue's (rec_items_popular_idx). A category both chosen and touched counts as
  // chosen. An item of the learner's categories met again in the last tier is dropped there: when
  // the first tiers hold fewer than $3 rows they hold every such item, so all together still give $3 rows.
  popular: `WITH touched AS (
     SELECT unnest(i.category_ids) AS category_id, 0 AS tier FROM rec_interests i WHERE i.user_id = $2
      UNION ALL
     SELECT c.category_id, 1 FROM rec_item_classes c WHERE c.content_id = ANY($1::uuid[])
      UNION ALL
     SELECT c.category_id, 1 FROM rec_browsed b JOIN rec_item_classes c ON c.content_id = b.content_id WHERE b.user_id = $2
   ), mine AS (
     SELECT cat.category_id, cat.name, min(touched.tier) AS tier
       FROM touched
       JOIN rec_categories cat ON cat.category_id = touched.category_id
      GROUP BY cat.category_id, cat.name
   ), in_mine AS (
     SELECT top.*, mine.name AS category, mine.tier
       FROM mine
       CROSS JOIN LATERAL (
         SELECT i.content_id, i.title, i.kind, i.creator_id, i.purchase_count, i.published_at, i.category_id
           FROM rec_items i
          WHERE i.category_id = mine.category_id AND NOT i.content_id = ANY($1::uuid[]) AND i.creator_id <> $2
          ORDER BY i.purchase_count DESC, i.published_at DESC, i.content_id
          LIMIT $3) top
      ORDER BY mine.tier, top.purchase_count DESC, top.published_at DESC, top.content_id
      LIMIT $3
   ), anywhere AS (
     SELECT i.content_id, i.title, i.kind, i.creator_id, i.purchase_count, i.published_at, i.category_id
       FROM rec_items i
      WHERE NOT i.content_id = ANY($1::uuid[]) AND i.creator_id <> $2
      ORDER BY i.purchase_count DESC, i.published_at DESC, i.content_id
      LIMIT $3
   ), tiers AS (
     SELECT * FROM in_mine
      UNION ALL
     SELECT anywhere.content_id, anywhere.title, anywhere.kind, anywhere.creator_id, anywhere.purchase_count, anywhere.published_at,
            NULL::uuid, NULL::text, 2
       FROM anywhere
      WHERE NOT EXISTS (SELECT 1 FROM mine WHERE mine.category_id = anywhere.category_id)
      ORDER BY tier, purchase_count DESC, published_at DESC, content_id
      LIMIT $3
   )
   SELECT tiers.content_id AS "contentId", tiers.title, tiers.kind, tiers.creator_id AS "creatorId",
          tiers.category_id AS "categoryId", tiers.category, tiers.published_at AS "publishedAt",
          -- A lookup per row (a join was planned as a hash over all of rec_item_learners: 5 ms at 20,000 items).
          coalesce((SELECT bought.learners FROM rec_item_learners bought WHERE bought.content_id = tiers.content_id), 0) AS learners
     FROM tiers
    ORDER BY tiers.tier, tiers.purchase_count DESC, tiers.published_at DESC, tiers.content_id`,
} as const;


/** The list one model makes for the learner as their history is now (no experiment here: see ServeMyRecommendations). */
export class GetMyRecommendations extends Query<{ items: Recommendation[] }> {
  constructor(
    readonly learnerId: string,
    readonly limit: number,
    readonly model: ServedModel = 'hybrid',
    /** What the learner owns, when the caller read it already (`ownedContentIds`); read here otherwise. */
    readonly owned?: readonly string[],
  ) {
    super();
  }
}

/**
 * Everything the learner owns as of now: relayed purchases (rec_purchases) and commerce's
 * entitlements, read side by side, so something bought a moment ago (not yet relayed) is never offered.
 */
export async function ownedContentIds(dataSource: DataSource, queries: QueryBus, learnerId: string): Promise<string[]> {
  const [purchased, entitled] = await Promise.all([
    dataSource.query(MY_RECOMMENDATIONS_SQL.purchased, [learnerId]) as Promise<{ content_id: string }[]>,
    queries.execute(new GetOwnedContentIds(learnerId)),
  ]);
  return [...new Set([...purchased.map((row) => row.content_id), ...entitled])];
}

interface CandidateRow {
  contentId: string;
  title: string;
  kind: string;
  creatorId: string;
  score: number;
  coPurchase: CoPurchaseEvidence | null;
  similar: SimilarEvidence | null;
}

/**
 * The list of one model, `hybrid` (default) or `user-knn` (see userKnnCandidates), for the learner's history as it is now. The hybrid's: the sum of the neighbourhoods
 * (of the current batch) of everything they own, so a purchase changes the list at the next read.
 * Each pick carries its evidence, counted as the list is read: the owned item most learners
 * bought together with it, and the owned item the content model finds it closest to, with the
 * terms they share. Then popular items of the categories the learner chose (their interests), then
 * of the categories of what they own or opened a lesson of (a newcomer's browsing), then popular items anywhere. Ownership is rec_purchases plus commerce's entitlements, so
 * something bought a moment ago (not yet relayed here) is never offered. Only published items
 * (rec_items) are ever read.
 */
@QueryHandler(GetMyRecommendations)
export class GetMyRecommendationsHandler implements IQueryHandler<GetMyRecommendations> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ learnerId, limit, model, owned: known }: GetMyRecommendations): Promise<{ items: Recommendation[] }> {
    const owned = known ? [...known] : await ownedContentIds(this.dataSource, this.queries, learnerId);
    const maxPerCreator = this.config.recommendationMaxPerCreator;
    // Enough popular rows that the per-creator cap and the picks above (at most `limit`) cannot starve the fill.
    const enough = popularRowsNeeded(limit, maxPerCreator);
    // The model's candidates and the popular fill depend only on what is owned: read side by side.
    const [candidates, popular] = await Promise.all([
      // user-kNN also serves a learner who owns nothing but viewed or completed items (their stored neighbours).
      model === 'user-knn' ? this.userKnnCandidates(owned, learnerId) : owned.length === 0 ? [] : this.hybridCandidates(owned, learnerId),
      this.dataSource.query(MY_RECOMMENDATIONS_SQL.popular, [owned, learnerId, enough]) as Promise<PopularRow[]>,
    ]);
    const ranked = recommend({
      learnerId,
      ownedContentIds: owned,
      candidates,
      popular: popularCandidates(popular),
      limit,
      maxPerCreator,
    });
    return { items: withLearners(ranked, popular) };
  }

  /** The hybrid: the sum of the current batch's neighbourhoods of the owned items, with co-purchase and content evidence. */
  private async hybridCandidates(owned: string[], learnerId: string): Promise<ModelCandidate[]> {
    const rows: CandidateRow[] = await this.dataSource.query(
      MY_RECOMMENDATIONS_SQL.candidates,
      [owned, learnerId],
    );
    const candidates: ModelCandidate[] = rows.map(({ coPurchase, similar, ...row }) => ({
      ...row,
      reasons: [...(coPurchase ? [coPurchase] : []), ...(similar ? [similar] : [])],
    }));
    return candidates;
  }

  /**
   * User-based kNN (`models/user-knn.ts`, see queries/user-knn-sql.ts): the learner's stored
   * USER_KNN_NEIGHBOURS (cosine over the weighted interactions, recomputed as soon as one of the
   * learner's own is relayed), and an item's score Σ sim·x / Σ sim over them, x their interactions now.
   */
  private async userKnnCandidates(owned: string[], learnerId: string): Promise<ModelCandidate[]> {
    const rows: (Omit<ModelCandidate, 'reasons'> & { learners: number; outOf: number })[] = await this.dataSource.query(
      USER_KNN_SQL,
      [owned, learnerId, USER_KNN_NEIGHBOURS],
    );
    return rows.map(({ learners, outOf, ...row }) => ({ ...row, reasons: [{ kind: 'similar-learners', learners, outOf }] }));
  }
}

/** Popular rows the fill reads: enough that the per-creator cap and the model's picks (at most `limit`) cannot starve it. */
export function popularRowsNeeded(limit: number, maxPerCreator: number): number {
  return limit * (1 + Math.ceil(limit / maxPerCreator)) + limit;
}

/** A row of the popular fill, with the learners who bought it as of the read (rec_item_learners). */
type PopularRow = Omit<PopularCandidate, 'reason'> & { categoryId: string | null; category: string | null; publishedAt: Date; learners: number };

/** The popular rows as the ranking takes them; the learners go into their reasons once the list is cut (`withLearners`). */
export function popularCandidates(rows: readonly PopularRow[]): PopularCandidate[] {
  return rows.map(({ categoryId, category, publishedAt: _publishedAt, learners: _learners, ...item }) => ({
    ...item,
    reason: categoryId && category ? { kind: 'popular-in', category, categoryId, learners: 0 } : { kind: 'popular', learners: 0 },
  }));
}

/**
 * The ranked list with each popular pick's learners as read with its row. A pick nobody bought is
 * never called popular: it is offered as new, with when it was published (and the learner's category).
 */
export function withLearners(ranked: readonly Recommendation[], rows: readonly PopularRow[]): Recommendation[] {
  const learners = new Map(rows.map((row) => [row.contentId, row.learners]));
  const published = new Map(rows.map((row) => [row.contentId, row.publishedAt]));
  return ranked.map((pick) => ({
    ...pick,
    reasons: pick.reasons.map((reason) => {
      if (reason.kind !== 'popular' && reason.kind !== 'popular-in') return reason;
      const bought = learners.get(pick.contentId) ?? 0;
      if (bought > 0) return { ...reason, learners: bought };
      const publishedAt = new Date(published.get(pick.contentId)!).toISOString();
      return reason.kind === 'popular-in' ? { kind: 'new', publishedAt, category: reason.category, categoryId: reason.categoryId } : { kind: 'new', publishedAt };
    }),
  }));
}

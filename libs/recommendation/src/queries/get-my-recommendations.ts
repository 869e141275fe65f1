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

/** The list one model makes for the learner as their history is now (no experiment here: see ServeMyRecommendations). */
export class GetMyRecommendations extends Query<{ items: Recommendation[] }> {
  constructor(
    readonly learnerId: string,
    readonly limit: number,
    readonly model: ServedModel = 'hybrid',
  ) {
    super();
  }
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
 * terms they share. Then popular items of the categories of what the learner owns or opened a
 * lesson of (a newcomer's browsing), then popular items anywhere. Ownership is rec_purchases plus commerce's entitlements, so
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

  async execute({ learnerId, limit, model }: GetMyRecommendations): Promise<{ items: Recommendation[] }> {
    const [purchased, entitled] = await Promise.all([
      this.dataSource.query(`SELECT content_id FROM rec_purchases WHERE user_id = $1`, [learnerId]) as Promise<{ content_id: string }[]>,
      this.queries.execute(new GetOwnedContentIds(learnerId)),
    ]);
    const owned = [...new Set([...purchased.map((row) => row.content_id), ...entitled])];
    const maxPerCreator = this.config.recommendationMaxPerCreator;

    const candidates: ModelCandidate[] =
      owned.length === 0 ? [] : model === 'user-knn' ? await this.userKnnCandidates(owned, learnerId) : await this.hybridCandidates(owned, learnerId);

    // Enough popular rows that the per-creator cap and the picks above cannot starve the fill.
    const enough = limit * (1 + Math.ceil(limit / maxPerCreator)) + candidates.length;
    const popular: (Omit<PopularCandidate, 'reason'> & { learners: number; categoryId: string | null; category: string | null; publishedAt: Date })[] =
      await this.dataSource.query(
        `WITH mine AS (
           SELECT DISTINCT c.category_id FROM rec_item_classes c
            WHERE c.category_id IS NOT NULL
              AND (c.content_id = ANY($1::uuid[]) OR c.content_id IN (SELECT content_id FROM rec_browsed WHERE user_id = $2))
         )
         SELECT i.content_id AS "contentId", i.title, i.kind, i.creator_id AS "creatorId",
                (SELECT count(*)::int FROM rec_purchases p WHERE p.content_id = i.content_id) AS learners,
                cat.category_id AS "categoryId", cat.name AS category, i.published_at AS "publishedAt"
           FROM rec_items i
           LEFT JOIN rec_item_classes c ON c.content_id = i.content_id AND c.category_id IN (SELECT category_id FROM mine)
           LEFT JOIN rec_categories cat ON cat.category_id = c.category_id
          WHERE NOT i.content_id = ANY($1::uuid[]) AND i.creator_id <> $2
          ORDER BY cat.category_id IS NULL, i.purchase_count DESC, i.published_at DESC, i.content_id
          LIMIT $3`,
        [owned, learnerId, enough],
      );
    return {
      items: recommend({
        learnerId,
        ownedContentIds: owned,
        candidates,
        popular: popular.map(({ learners, categoryId, category, publishedAt, ...item }) => ({
          ...item,
          reason: popularReason(learners, categoryId && category ? { category, categoryId } : null, publishedAt),
        })),
        limit,
        maxPerCreator,
      }),
    };
  }

  /** The hybrid: the sum of the current batch's neighbourhoods of the owned items, with co-purchase and content evidence. */
  private async hybridCandidates(owned: string[], learnerId: string): Promise<ModelCandidate[]> {
    const rows: CandidateRow[] = await this.dataSource.query(
      `WITH scored AS (
         SELECT n.neighbour_id AS content_id, sum(n.score) AS score
           FROM rec_current_batch batch
           JOIN rec_model_neighbours n ON n.batch_id = batch.batch_id
          WHERE n.content_id = ANY($1::uuid[]) AND NOT n.neighbour_id = ANY($1::uuid[])
          GROUP BY n.neighbour_id
       )
       SELECT scored.content_id AS "contentId", item.title, item.kind, item.creator_id AS "creatorId", scored.score,
              co.evidence AS "coPurchase", sim.evidence AS similar
         FROM scored
         JOIN rec_items item ON item.content_id = scored.content_id AND item.creator_id <> $2
         LEFT JOIN LATERAL (
           SELECT jsonb_build_object('kind', 'co-purchase', 'with', basis.title, 'withContentId', a.content_id, 'learners', count(*)) AS evidence
             FROM rec_purchases a
             JOIN rec_purchases b ON b.user_id = a.user_id AND b.content_id = scored.content_id
             JOIN rec_items basis ON basis.content_id = a.content_id
            WHERE a.content_id = ANY($1::uuid[])
            GROUP BY a.content_id, basis.title
            ORDER BY count(*) DESC, a.content_id
            LIMIT 1
         ) co ON true
         LEFT JOIN LATERAL (
           SELECT jsonb_build_object('kind', 'similar', 'to', basis.title, 'toContentId', c.content_id, 'shared', to_jsonb(c.shared)) AS evidence
             FROM rec_current_batch batch
             JOIN rec_content_neighbours c ON c.batch_id = batch.batch_id AND c.neighbour_id = scored.content_id
             JOIN rec_items basis ON basis.content_id = c.content_id
            WHERE c.content_id = ANY($1::uuid[])
            ORDER BY c.similarity DESC, c.content_id
            LIMIT 1
         ) sim ON true
        WHERE scored.score > 0
        ORDER BY scored.score DESC, scored.content_id`,
      [owned, learnerId],
    );
    const candidates: ModelCandidate[] = rows.map(({ coPurchase, similar, ...row }) => ({
      ...row,
      reasons: [...(coPurchase ? [coPurchase] : []), ...(similar ? [similar] : [])],
    }));
    return candidates;
  }

  /**
   * User-based kNN at read time (`models/user-knn.ts` in SQL): the learner's published items as a
   * 0/1 vector, every other learner's purchases of published items likewise; the USER_KNN_NEIGHBOURS
   * with the highest cosine |A∩B| / sqrt(|A|·|B|) are the neighbours, and an item's score is
   * Σ sim·x / Σ sim over them. Read time, not the batch: it is one index walk over the purchasers of
   * the learner's items, and a purchase changes the list at the next read, as the hybrid's does.
   */
  private async userKnnCandidates(owned: string[], learnerId: string): Promise<ModelCandidate[]> {
    const rows: (Omit<ModelCandidate, 'reasons'> & { learners: number; outOf: number })[] = await this.dataSource.query(
      USER_KNN_SQL,
      [owned, learnerId, USER_KNN_NEIGHBOURS],
    );
    return rows.map(({ learners, outOf, ...row }) => ({ ...row, reasons: [{ kind: 'similar-learners', learners, outOf }] }));
  }
}

/** Why a popular-fill item is offered: bought by `learners`, within one of the learner's categories or anywhere; or new, when nobody bought it yet. */
function popularReason(learners: number, within: { category: string; categoryId: string } | null, publishedAt: Date): PopularCandidate['reason'] {
  if (learners === 0) return { kind: 'new', publishedAt: new Date(publishedAt).toISOString(), ...within };
  return within ? { kind: 'popular-in', ...within, learners } : { kind: 'popular', learners };
}

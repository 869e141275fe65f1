import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import { GetOwnedContentIds } from '#commerce';
import {
  type CoPurchaseEvidence,
  type ModelCandidate,
  type PopularCandidate,
  type Recommendation,
  recommend,
  type SimilarEvidence,
} from '../domain/ranking.js';

/**
 * The statements a learner's list reads, exported so the benchmark's raw-`pg` baseline sends the
 * very same text: purchases ($1 learner), the model's candidates with their evidence ($1 owned
 * ids, $2 learner), the popular fill ($1 owned ids, $2 learner, $3 rows).
 */
export const MY_RECOMMENDATIONS_SQL = {
  purchased: `SELECT content_id FROM rec_purchases WHERE user_id = $1`,
  candidates: `WITH scored AS (
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
  popular: `WITH mine AS (
     SELECT DISTINCT c.category_id FROM rec_item_classes c
      WHERE c.category_id IS NOT NULL
        AND (c.content_id = ANY($1::uuid[]) OR c.content_id IN (SELECT content_id FROM rec_browsed WHERE user_id = $2))
   )
   SELECT i.content_id AS "contentId", i.title, i.kind, i.creator_id AS "creatorId",
          (SELECT count(*)::int FROM rec_purchases p WHERE p.content_id = i.content_id) AS learners,
          cat.category_id AS "categoryId", cat.name AS category
     FROM rec_items i
     LEFT JOIN rec_item_classes c ON c.content_id = i.content_id AND c.category_id IN (SELECT category_id FROM mine)
     LEFT JOIN rec_categories cat ON cat.category_id = c.category_id
    WHERE NOT i.content_id = ANY($1::uuid[]) AND i.creator_id <> $2
    ORDER BY cat.category_id IS NULL, i.purchase_count DESC, i.published_at DESC, i.content_id
    LIMIT $3`,
} as const;

export class GetMyRecommendations extends Query<{ items: Recommendation[] }> {
  constructor(
    readonly learnerId: string,
    readonly limit: number,
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
 * The serving model's list for the learner's history as it is now: the sum of the neighbourhoods
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

  async execute({ learnerId, limit }: GetMyRecommendations): Promise<{ items: Recommendation[] }> {
    const [purchased, entitled] = await Promise.all([
      this.dataSource.query(MY_RECOMMENDATIONS_SQL.purchased, [learnerId]) as Promise<{ content_id: string }[]>,
      this.queries.execute(new GetOwnedContentIds(learnerId)),
    ]);
    const owned = [...new Set([...purchased.map((row) => row.content_id), ...entitled])];
    const maxPerCreator = this.config.recommendationMaxPerCreator;

    const rows: CandidateRow[] = owned.length === 0 ? [] : await this.dataSource.query(
      MY_RECOMMENDATIONS_SQL.candidates,
      [owned, learnerId],
    );
    const candidates: ModelCandidate[] = rows.map(({ coPurchase, similar, ...row }) => ({
      ...row,
      reasons: [...(coPurchase ? [coPurchase] : []), ...(similar ? [similar] : [])],
    }));

    // Enough popular rows that the per-creator cap and the picks above cannot starve the fill.
    const enough = limit * (1 + Math.ceil(limit / maxPerCreator)) + candidates.length;
    const popular: (Omit<PopularCandidate, 'reason'> & { learners: number; categoryId: string | null; category: string | null })[] =
      await this.dataSource.query(
        MY_RECOMMENDATIONS_SQL.popular,
        [owned, learnerId, enough],
      );
    return {
      items: recommend({
        learnerId,
        ownedContentIds: owned,
        candidates,
        popular: popular.map(({ learners, categoryId, category, ...item }) => ({
          ...item,
          reason: categoryId && category ? { kind: 'popular-in', category, categoryId, learners } : { kind: 'popular', learners },
        })),
        limit,
        maxPerCreator,
      }),
    };
  }
}

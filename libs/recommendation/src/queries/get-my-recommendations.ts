import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { GetOwnedContentIds } from '#commerce';
import { type NeighbourCandidate, type PopularCandidate, type Recommendation, recommend } from '../domain/ranking.js';

export class GetMyRecommendations extends Query<{ items: Recommendation[] }> {
  constructor(
    readonly learnerId: string,
    readonly limit: number,
  ) {
    super();
  }
}

/**
 * Neighbours of what the learner owns, then popular items. Ownership is rec_purchases plus
 * commerce's entitlements, so something bought a moment ago (not yet relayed here) is never offered.
 * Neighbours come from the current batch only (rec_current_batch), read in the same statement as
 * the pointer: a batch still being built, or one being discarded, is never mixed in.
 */
@QueryHandler(GetMyRecommendations)
export class GetMyRecommendationsHandler implements IQueryHandler<GetMyRecommendations> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ learnerId, limit }: GetMyRecommendations): Promise<{ items: Recommendation[] }> {
    const [purchased, entitled] = await Promise.all([
      this.dataSource.query(`SELECT content_id FROM rec_purchases WHERE user_id = $1`, [learnerId]) as Promise<{ content_id: string }[]>,
      this.queries.execute(new GetOwnedContentIds(learnerId)),
    ]);
    const ownedContentIds = [...new Set([...purchased.map((row) => row.content_id), ...entitled])];

    // Both reads already drop owned and own items so that `limit` rows are enough; ranking re-applies the rule.
    // The learners behind each pick are counted as the list is read, so the evidence is true now.
    const neighbours: NeighbourCandidate[] = await this.dataSource.query(
      `SELECT best.*,
              (SELECT count(*)::int FROM rec_purchases a
                 JOIN rec_purchases b ON b.user_id = a.user_id AND b.content_id = best."contentId"
                WHERE a.content_id = best."basedOnContentId") AS learners
         FROM (
         SELECT DISTINCT ON (n.neighbour_id)
                n.neighbour_id AS "contentId", item.title, item.kind, item.creator_id AS "creatorId",
                n.score, n.content_id AS "basedOnContentId", basis.title AS "basedOnTitle"
           FROM rec_current_batch batch
           JOIN rec_neighbours n ON n.batch_id = batch.batch_id
           JOIN rec_items item ON item.content_id = n.neighbour_id
           JOIN rec_items basis ON basis.content_id = n.content_id
          WHERE n.content_id = ANY($1::uuid[])
            AND NOT n.neighbour_id = ANY($1::uuid[])
            AND item.creator_id <> $2
          ORDER BY n.neighbour_id, n.score DESC, n.content_id
       ) best
       ORDER BY score DESC, "contentId"
       LIMIT $3`,
      [ownedContentIds, learnerId, limit],
    );
    const popular: PopularCandidate[] = await this.dataSource.query(
      `SELECT content_id AS "contentId", title, kind, creator_id AS "creatorId"
         FROM rec_items
        WHERE NOT content_id = ANY($1::uuid[]) AND creator_id <> $2
        ORDER BY purchase_count DESC, published_at DESC, content_id
        LIMIT $3`,
      [ownedContentIds, learnerId, limit + neighbours.length],
    );
    return { items: recommend({ learnerId, ownedContentIds, neighbours, popular, limit }) };
  }
}

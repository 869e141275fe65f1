import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { GetOwnedContentIds } from '#commerce';
import { RecommendationErrors } from '../domain/recommendation.errors.js';

/** Why an item is offered, with the evidence a learner can check. */
export interface CoPurchaseReason {
  readonly kind: 'co-purchase';
  /** The item it was bought together with. */
  readonly with: string;
  readonly withContentId: string;
  /** Learners who bought both, counted when the list is read. */
  readonly learners: number;
}

export interface SimilarContent {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  /** Co-purchase cosine similarity of the current batch. */
  readonly score: number;
  readonly reasons: CoPurchaseReason[];
}

/** Items frequently bought together with a published content; for a signed-in caller, none they own or created. */
export class GetSimilarContents extends Query<{ items: SimilarContent[] }> {
  constructor(
    readonly contentId: string,
    readonly callerId: string | null,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(GetSimilarContents)
export class GetSimilarContentsHandler implements IQueryHandler<GetSimilarContents> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ contentId, callerId, limit }: GetSimilarContents): Promise<{ items: SimilarContent[] }> {
    const [item]: { title: string }[] = await this.dataSource.query(`SELECT title FROM rec_items WHERE content_id = $1`, [contentId]);
    if (!item) throw RecommendationErrors.contentNotFound();
    const owned = callerId ? await this.ownedBy(callerId) : [];
    // Neighbours of the current batch, published (rec_items), with the learners who bought both as of now.
    const rows: (Omit<SimilarContent, 'reasons'> & { learners: number })[] = await this.dataSource.query(
      `SELECT n.neighbour_id AS "contentId", i.title, i.kind, n.score,
              (SELECT count(*)::int FROM rec_purchases a
                 JOIN rec_purchases b ON b.user_id = a.user_id AND b.content_id = n.neighbour_id
                WHERE a.content_id = n.content_id) AS learners
         FROM rec_current_batch batch
         JOIN rec_neighbours n ON n.batch_id = batch.batch_id AND n.content_id = $1
         JOIN rec_items i ON i.content_id = n.neighbour_id
        WHERE NOT n.neighbour_id = ANY($2::uuid[])
          AND ($3::uuid IS NULL OR i.creator_id <> $3::uuid)
        ORDER BY n.score DESC, n.neighbour_id
        LIMIT $4`,
      [contentId, owned, callerId, limit],
    );
    return {
      items: rows.map(({ learners, ...row }) => ({
        ...row,
        reasons: [{ kind: 'co-purchase', with: item.title, withContentId: contentId, learners }],
      })),
    };
  }

  /** What the caller owns: relayed purchases and commerce's grants (a purchase not yet relayed counts too). */
  private async ownedBy(userId: string): Promise<string[]> {
    const [purchased, entitled] = await Promise.all([
      this.dataSource.query(`SELECT content_id FROM rec_purchases WHERE user_id = $1`, [userId]) as Promise<{ content_id: string }[]>,
      this.queries.execute(new GetOwnedContentIds(userId)),
    ]);
    return [...new Set([...purchased.map((row) => row.content_id), ...entitled])];
  }
}

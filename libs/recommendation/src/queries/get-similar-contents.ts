import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { GetOwnedContentIds } from '#commerce';
import type { CoPurchaseEvidence, SimilarEvidence } from '../domain/ranking.js';
import { RecommendationErrors } from '../domain/recommendation.errors.js';

export interface SimilarContent {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  /** Co-purchase cosine similarity of the current batch, or for an item never bought with it, the content model's cosine. */
  readonly score: number;
  readonly reasons: (CoPurchaseEvidence | SimilarEvidence)[];
}

/**
 * Items frequently bought together with a published content, then items the content model finds
 * close to it (what a new item, bought by nobody yet, gets); for a signed-in caller, none they own
 * or created.
 */
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
    const rows: (Omit<SimilarContent, 'reasons'> & { learners: number | null; shared: string[] | null })[] = await this.dataSource.query(
      `WITH bought AS (
         SELECT n.neighbour_id AS content_id, n.score,
                (SELECT count(*)::int FROM rec_purchases a
                   JOIN rec_purchases b ON b.user_id = a.user_id AND b.content_id = n.neighbour_id
                  WHERE a.content_id = n.content_id) AS learners
           FROM rec_current_batch batch
           JOIN rec_neighbours n ON n.batch_id = batch.batch_id AND n.content_id = $1
       ), alike AS (
         SELECT c.neighbour_id AS content_id, c.similarity, c.shared
           FROM rec_current_batch batch
           JOIN rec_content_neighbours c ON c.batch_id = batch.batch_id AND c.content_id = $1
       )
       SELECT i.content_id AS "contentId", i.title, i.kind, coalesce(bought.score, alike.similarity) AS score,
              bought.learners, alike.shared
         FROM bought FULL JOIN alike ON alike.content_id = bought.content_id
         JOIN rec_items i ON i.content_id = coalesce(bought.content_id, alike.content_id)
        WHERE NOT i.content_id = ANY($2::uuid[])
          AND ($3::uuid IS NULL OR i.creator_id <> $3::uuid)
        ORDER BY bought.score IS NULL, coalesce(bought.score, alike.similarity) DESC, i.content_id
        LIMIT $4`,
      [contentId, owned, callerId, limit],
    );
    return {
      items: rows.map(({ learners, shared, ...row }) => ({
        ...row,
        reasons: [
          ...(learners !== null ? [{ kind: 'co-purchase', with: item.title, withContentId: contentId, learners } as const] : []),
          ...(shared !== null ? [{ kind: 'similar', to: item.title, toContentId: contentId, shared } as const] : []),
        ],
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

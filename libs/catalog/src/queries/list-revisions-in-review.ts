import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { abilityToSql, type AppAbility, decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '#platform';
import type { ContentKind } from '../domain/catalog-events.js';
import { ContentRecord } from '../projections/content.record.js';

export interface RevisionInReview {
  contentId: string;
  kind: ContentKind;
  creatorId: string;
  /** The live revision's title, and the one proposed. */
  liveTitle: string;
  title: string;
  revision: number;
  /** When it was sent to review. */
  submittedAt: string;
}

/**
 * The moderators' queue of revisions of published items (content in review for the first time is
 * `GET /api/v1/contents?status=in_review`), oldest first, only those the caller may moderate (never
 * their own): the `moderate` rules in SQL.
 */
export class ListRevisionsInReview extends Query<{ items: RevisionInReview[]; nextCursor: string | null }> {
  constructor(
    readonly ability: AppAbility,
    readonly cursor?: string,
    readonly limit: number = DEFAULT_PAGE_SIZE,
  ) {
    super();
  }
}

interface RevisionRow {
  id: string;
  kind: ContentKind;
  creator_id: string;
  title: string;
  pending: { title: string; revision: number };
  updated_at: Date;
}

@QueryHandler(ListRevisionsInReview)
export class ListRevisionsInReviewHandler implements IQueryHandler<ListRevisionsInReview> {
  constructor(@InjectRepository(ContentRecord) private readonly contents: Repository<ContentRecord>) {}

  async execute({ ability, cursor, limit }: ListRevisionsInReview): Promise<{ items: RevisionInReview[]; nextCursor: string | null }> {
    const moderatable = abilityToSql(ability, 'moderate', 'Content', { creatorId: 'c.creator_id' });
    const query = this.contents
      .createQueryBuilder('c')
      .select(['c.id AS id', 'c.kind AS kind', 'c.creator_id AS creator_id', 'c.title AS title', 'c.pending AS pending', 'c.updated_at AS updated_at'])
      .where(`c.revision_status = 'in_review'`)
      .andWhere(moderatable.sql, moderatable.params);
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    if (after) {
      const [afterAt, afterId] = after;
      query.andWhere(`(c.updated_at, c.id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))`, { afterAt, afterId });
    }
    const rows = await query.orderBy('c.updated_at', 'ASC').addOrderBy('c.id', 'ASC').limit(limit + 1).getRawMany<RevisionRow>();
    return toPage(
      rows,
      limit,
      (row) => ({
        contentId: row.id,
        kind: row.kind,
        creatorId: row.creator_id,
        liveTitle: row.title,
        title: row.pending.title,
        revision: row.pending.revision,
        submittedAt: row.updated_at.toISOString(),
      }),
      (row) => [row.updated_at.toISOString(), row.id],
    );
  }
}

import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, APP_CONFIG, type AppConfig, decodeCursor, toPage } from '#platform';
import type { WithdrawalReason } from '../domain/community-events.js';
import { CommunityAccess } from './community-access.js';

export interface ReviewView {
  id: string;
  contentId: string;
  userId: string;
  stars: number;
  /** Null without text, or while it waits for a moderator (its author sees it). */
  text: string | null;
  /** `pending`: held by the word filter or hidden by reports; the stars count meanwhile. */
  textStatus: 'none' | 'visible' | 'pending';
  createdAt: string;
  updatedAt: string;
  /** Only on the viewer's own review, once its order was refunded in full or charged back: out of the list and the average for everyone else. */
  withdrawn?: { at: string; reason: WithdrawalReason };
}

export interface ReviewSummary {
  count: number;
  /** Mean stars, to two decimals; null without reviews. */
  average: number | null;
  /** How many reviews gave each number of stars. */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface ReviewPage {
  summary: ReviewSummary;
  items: ReviewView[];
  nextCursor: string | null;
}

interface ReviewRow {
  id: string;
  content_id: string;
  user_id: string;
  stars: number;
  text: string;
  text_status: 'none' | 'visible' | 'held';
  open_reports: number;
  created_at: Date;
  updated_at: Date;
  withdrawn_at: Date | null;
  withdrawn_reason: WithdrawalReason | null;
}

/** The reviews of a published item, last changed first, with their average and distribution. */
export class ListReviews extends Query<ReviewPage> {
  constructor(
    readonly contentId: string,
    readonly actor: Actor | null,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListReviews)
export class ListReviewsHandler implements IQueryHandler<ListReviews> {
  constructor(
    private readonly access: CommunityAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ contentId, actor, limit, cursor }: ListReviews): Promise<ReviewPage> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    await this.access.item(contentId, actor);
    const viewerId = actor?.userId ?? null;
    const threshold = this.config.community.reportThreshold;
    const [summary]: { count: number; average: string | null; distribution: Record<string, number> }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count, round(avg(stars), 2)::text AS average,
              jsonb_build_object('1', count(*) FILTER (WHERE stars = 1), '2', count(*) FILTER (WHERE stars = 2),
                                 '3', count(*) FILTER (WHERE stars = 3), '4', count(*) FILTER (WHERE stars = 4),
                                 '5', count(*) FILTER (WHERE stars = 5)) AS distribution
         FROM community_reviews WHERE content_id = $1 AND withdrawn_at IS NULL`,
      [contentId],
    );
    const rows: ReviewRow[] = await this.dataSource.query(
      `SELECT id, content_id, user_id, stars, text, text_status, report_count - reports_reviewed AS open_reports, created_at, updated_at,
              withdrawn_at, withdrawn_reason
         FROM community_reviews
        WHERE content_id = $1 AND ($2::timestamptz IS NULL OR (updated_at, id) < ($2::timestamptz, $3::uuid))
          AND (withdrawn_at IS NULL OR user_id = $5)
        ORDER BY updated_at DESC, id DESC
        LIMIT $4`,
      // A withdrawn review is listed to its author alone, marked (see `withdrawn`).
      [contentId, after?.[0] ?? null, after?.[1] ?? null, limit + 1, viewerId],
    );
    const page = toPage(
      rows,
      limit,
      (row): ReviewView => {
        const pending = row.text_status === 'held' || (row.text_status === 'visible' && row.open_reports >= threshold);
        const shown = row.text_status !== 'none' && (!pending || row.user_id === viewerId);
        return {
          id: row.id,
          contentId: row.content_id,
          userId: row.user_id,
          stars: row.stars,
          text: shown ? row.text : null,
          textStatus: row.text_status === 'none' ? 'none' : pending ? 'pending' : 'visible',
          createdAt: row.created_at.toISOString(),
          updatedAt: row.updated_at.toISOString(),
          ...(row.withdrawn_at ? { withdrawn: { at: row.withdrawn_at.toISOString(), reason: row.withdrawn_reason ?? 'refunded' } } : {}),
        };
      },
      (row) => [row.updated_at.toISOString(), row.id],
    );
    const { count, average, distribution } = summary!;
    return {
      summary: { count, average: average === null ? null : Number(average), distribution: distribution as ReviewSummary['distribution'] },
      ...page,
    };
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ReportEvent } from '../domain/community-events.js';

const POSTS = { comment: 'community_comments', review: 'community_reviews' } as const;

/** community_reports, and the count of reports on the post they are about. */
@Injectable()
@InlineProjection()
export class ReportsProjector implements InlineProjector {
  readonly eventTypes = ['community.post-reported'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ReportEvent>[]) {
      const { postKind, postId, reporterId, reason } = event.data;
      await manager.query(`INSERT INTO community_reports (post_kind, post_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        postKind,
        postId,
        reporterId,
        reason,
        event.createdAt,
      ]);
      await manager.query(`UPDATE ${POSTS[postKind]} SET report_count = report_count + 1 WHERE id = $1`, [postId]);
    }
  }
}

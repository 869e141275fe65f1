import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { CommentEvent } from '../domain/community-events.js';

/** community_comments: each comment as it is now. A deleted comment keeps no text; a removed one keeps it for the moderators. */
@Injectable()
@InlineProjection()
export class CommentsProjector implements InlineProjector {
  readonly eventTypes = ['community.comment-posted', 'community.comment-edited', 'community.comment-deleted', 'community.comment-moderated'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<CommentEvent>[]) {
      switch (event.type) {
        case 'community.comment-posted': {
          const { commentId, contentId, lessonId, parentId, authorId, body, held } = event.data;
          await manager.query(
            `INSERT INTO community_comments (id, content_id, lesson_id, parent_id, author_id, body, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
            [commentId, contentId, lessonId, parentId, authorId, body, held ? 'held' : 'visible', event.createdAt],
          );
          break;
        }
        case 'community.comment-edited':
          await manager.query(`UPDATE community_comments SET body = $2, status = $3, edited_at = $4, updated_at = $4 WHERE id = $1`, [
            event.data.commentId,
            event.data.body,
            event.data.held ? 'held' : 'visible',
            event.createdAt,
          ]);
          break;
        case 'community.comment-deleted':
          await manager.query(`UPDATE community_comments SET body = '', status = 'deleted', updated_at = $2 WHERE id = $1`, [
            event.data.commentId,
            event.createdAt,
          ]);
          break;
        case 'community.comment-moderated':
          // Approval answers every report made so far; removal takes the comment down whatever they were.
          await manager.query(
            `UPDATE community_comments SET status = $2, reports_reviewed = report_count, updated_at = $3 WHERE id = $1`,
            [event.data.commentId, event.data.decision === 'approved' ? 'visible' : 'removed', event.createdAt],
          );
          break;
      }
    }
  }
}

import type { EntityManager } from 'typeorm';
import type { PostKind } from '../domain/community-events.js';

/** A post (comment or review) as moderation and reports need it. */
export interface PostRow {
  id: string;
  contentId: string;
  lessonId: string | null;
  authorId: string;
  status: 'visible' | 'held' | 'deleted' | 'removed';
  /** Reports no moderator has looked at yet. */
  openReports: number;
}

/** The post of this kind and id, or null. A review stands while it exists (a removed one is gone); its status is its text's. */
export async function findPost(db: EntityManager, kind: PostKind, id: string): Promise<PostRow | null> {
  const sql =
    kind === 'comment'
      ? `SELECT id, content_id AS "contentId", lesson_id AS "lessonId", author_id AS "authorId", status,
                report_count - reports_reviewed AS "openReports" FROM community_comments WHERE id = $1`
      : `SELECT id, content_id AS "contentId", NULL AS "lessonId", user_id AS "authorId",
                CASE text_status WHEN 'held' THEN 'held' ELSE 'visible' END AS status,
                report_count - reports_reviewed AS "openReports" FROM community_reviews WHERE id = $1 AND withdrawn_at IS NULL`;
  const [row]: PostRow[] = await db.query(sql, [id]);
  return row ?? null;
}

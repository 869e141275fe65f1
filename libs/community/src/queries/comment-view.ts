/** A comment as a reader sees it. */
export interface CommentView {
  id: string;
  contentId: string;
  lessonId: string | null;
  /** The top comment this replies to; null for a top comment. */
  parentId: string | null;
  authorId: string;
  /** Null once deleted or removed. */
  body: string | null;
  /** `pending`: held by the word filter or hidden by reports until a moderator looks; only its author sees it. */
  status: 'visible' | 'pending' | 'deleted' | 'removed';
  edited: boolean;
  likes: number;
  likedByMe: boolean;
  /** Replies others can see (a top comment's). */
  replyCount: number;
  createdAt: string;
  editedAt: string | null;
}

export interface CommentRowView {
  id: string;
  content_id: string;
  lesson_id: string | null;
  parent_id: string | null;
  author_id: string;
  body: string;
  status: 'visible' | 'held' | 'deleted' | 'removed';
  open_reports: number;
  likes: number;
  liked_by_me: boolean;
  reply_count: number;
  created_at: Date;
  edited_at: Date | null;
}

/** Who sees a comment: everyone while it stands and is not hidden (deleted and removed ones show as such), its author always. $V: the viewer, $T: the report threshold. */
const SEEN = (alias: string, viewer: string, threshold: string) =>
  `(${alias}.status IN ('deleted', 'removed') OR (${alias}.status = 'visible' AND ${alias}.report_count - ${alias}.reports_reviewed < ${threshold})
    OR ${alias}.author_id = ${viewer})`;

/**
 * The columns of a comment view from community_comments `c`, for the viewer in parameter `viewer`
 * and the report threshold in `threshold` (e.g. `$2::uuid`, `$3::int`).
 */
export const commentViewSql = (viewer: string, threshold: string) => `
  SELECT c.id, c.content_id, c.lesson_id, c.parent_id, c.author_id, c.body, c.status, c.created_at, c.edited_at,
         c.report_count - c.reports_reviewed AS open_reports,
         coalesce(lc.likes, 0) AS likes,
         EXISTS (SELECT 1 FROM community_likes l WHERE l.target_kind = 'comment' AND l.target_id = c.id AND l.user_id = ${viewer}) AS liked_by_me,
         (SELECT count(*)::int FROM community_comments r WHERE r.parent_id = c.id AND ${SEEN('r', 'NULL', threshold)}) AS reply_count
    FROM community_comments c
    LEFT JOIN community_like_counts lc ON lc.target_kind = 'comment' AND lc.target_id = c.id
   WHERE ${SEEN('c', viewer, threshold)}`;

export function toCommentView(row: CommentRowView, threshold: number): CommentView {
  const gone = row.status === 'deleted' || row.status === 'removed';
  const pending = row.status === 'held' || (row.status === 'visible' && row.open_reports >= threshold);
  return {
    id: row.id,
    contentId: row.content_id,
    lessonId: row.lesson_id,
    parentId: row.parent_id,
    authorId: row.author_id,
    body: gone ? null : row.body,
    status: gone ? (row.status as 'deleted' | 'removed') : pending ? 'pending' : 'visible',
    edited: row.edited_at !== null,
    likes: row.likes,
    likedByMe: row.liked_by_me,
    replyCount: row.reply_count,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
  };
}

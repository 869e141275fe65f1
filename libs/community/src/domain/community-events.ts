import type { DomainEvent } from '#platform/domain';

/** What a comment is about: an item, or one lesson of it (lessonId set). */
export interface CommentTarget {
  contentId: string;
  lessonId: string | null;
}

/** A moderator's decision on a held or reported post; its reason goes to the audit trail with the event. */
export interface ModerationDecision {
  decision: 'approved' | 'removed';
  moderatorId: string;
  reason: string;
}

// A comment's life, on its stream `comment-<id>`. `held`: the text matched the sensitive-word list
// and waits for a moderator, visible to its author only.
export type CommentPosted = DomainEvent<
  'community.comment-posted',
  CommentTarget & {
    commentId: string;
    /** The top comment this replies to; null for a top comment. */
    parentId: string | null;
    authorId: string;
    body: string;
    held: boolean;
    /** ISO 8601: the edit window runs from here. */
    postedAt: string;
  }
>;
export type CommentEdited = DomainEvent<'community.comment-edited', { commentId: string; authorId: string; body: string; held: boolean }>;
/** By its author: it shows as deleted, its replies stay. */
export type CommentDeleted = DomainEvent<'community.comment-deleted', { commentId: string }>;
export type CommentModerated = DomainEvent<'community.comment-moderated', ModerationDecision & { commentId: string }>;

export type CommentEvent = CommentPosted | CommentEdited | CommentDeleted | CommentModerated;

// One user's like of one target, on its stream `like-<kind>-<targetId>-<userId>`: parallel likes
// of different users never contend, the same user's parallel likes meet at one version.
export type LikeTargetKind = 'content' | 'comment';
export type Liked = DomainEvent<'community.liked', { targetKind: LikeTargetKind; targetId: string; userId: string }>;
export type Unliked = DomainEvent<'community.unliked', { targetKind: LikeTargetKind; targetId: string; userId: string }>;
export type LikeEvent = Liked | Unliked;

// One user's review of one item, on its stream `review-<contentId>-<userId>`. The names and data of
// review-posted and review-removed are a contract: search ranking projects them.
export type ReviewPosted = DomainEvent<
  'community.review-posted',
  { contentId: string; userId: string; stars: number; previousStars: number | null }
>;
/** The text that goes with the stars just posted (empty: none); held like a comment's. */
export type ReviewTextWritten = DomainEvent<'community.review-text-written', { contentId: string; userId: string; text: string; held: boolean }>;
export type ReviewRemoved = DomainEvent<'community.review-removed', { contentId: string; userId: string; stars: number }>;
export type ReviewModerated = DomainEvent<'community.review-moderated', ModerationDecision & { contentId: string; userId: string }>;
/** Why a review was withdrawn: the order that paid for the item was refunded in full, or charged back. */
export type WithdrawalReason = 'refunded' | 'charged-back';
/**
 * Its author no longer holds the item by purchase: the order that took it back (refunded in full, or
 * charged back), and which of the two (absent on reviews withdrawn before it was recorded). A
 * review-removed follows: it leaves the list and the average; its author still sees it, marked.
 */
export type ReviewWithdrawn = DomainEvent<'community.review-withdrawn', { contentId: string; userId: string; orderId: string; reason?: WithdrawalReason }>;
export type ReviewEvent = ReviewPosted | ReviewTextWritten | ReviewRemoved | ReviewModerated | ReviewWithdrawn;

// One user's report of one post, on its stream `report-<kind>-<postId>-<userId>`: once each.
export type PostKind = 'comment' | 'review';
export type PostReported = DomainEvent<'community.post-reported', { postKind: PostKind; postId: string; reporterId: string; reason: string }>;
export type ReportEvent = PostReported;

export type CommunityEvent = CommentEvent | LikeEvent | ReviewEvent | ReportEvent;

/**
 * Stored names and current schema versions of every community event. What people write is their
 * personal data: stored sealed with their key, it reads as erased once they erase their account.
 */
export const communityEventTypes = {
  'community.comment-posted': { schemaVersion: 1, personalData: { subject: 'authorId', fields: ['body'] } },
  'community.comment-edited': { schemaVersion: 1, personalData: { subject: 'authorId', fields: ['body'] } },
  'community.comment-deleted': { schemaVersion: 1 },
  'community.comment-moderated': { schemaVersion: 1 },
  'community.liked': { schemaVersion: 1 },
  'community.unliked': { schemaVersion: 1 },
  'community.review-posted': { schemaVersion: 1 },
  'community.review-text-written': { schemaVersion: 1, personalData: { subject: 'userId', fields: ['text'] } },
  'community.review-removed': { schemaVersion: 1 },
  'community.review-moderated': { schemaVersion: 1 },
  'community.review-withdrawn': { schemaVersion: 1 },
  'community.post-reported': { schemaVersion: 1, personalData: { subject: 'reporterId', fields: ['reason'] } },
} as const;

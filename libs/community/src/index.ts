// Public surface of the community domain: comments, likes, reviews, reports and their moderation.
export { CommunityModule } from './community.module.js';
export { CommunityHttpModule } from './community-http.module.js';
export { CommunityWorkerModule } from './community-worker.module.js';
export { communityEventTypes } from './domain/community-events.js';
export type {
  CommentPosted,
  CommentEdited,
  CommentDeleted,
  CommentModerated,
  CommentEvent,
  Liked,
  Unliked,
  LikeEvent,
  ReviewPosted,
  ReviewTextWritten,
  ReviewRemoved,
  ReviewModerated,
  ReviewWithdrawn,
  ReviewEvent,
  PostReported,
  CommunityEvent,
} from './domain/community-events.js';
// The sensitive-word filter, for any domain that takes text from users (inject SensitiveWords; the pure WordFilter for tests and tools).
export { SensitiveWords } from './moderation/sensitive-words.service.js';
export { WordFilter, parseWordList, type WordMatch } from './domain/sensitive-words.js';
export { Community1764740000000 } from './migrations/1764740000000-community.js';
export { CommunityWithdrawnReviews1764900300000 } from './migrations/1764900300000-community-withdrawn-reviews.js';

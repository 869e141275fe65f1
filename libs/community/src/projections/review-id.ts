import { nameBasedUuid } from '#platform';

const REVIEW_IDS = '6f1d3c2e-4b8a-5e7f-9a01-c0ffee000008';

/** A review's id: a pure function of its item and author, as there is one review per user and item. */
export const reviewId = (contentId: string, userId: string): string => nameBasedUuid(REVIEW_IDS, `${contentId}:${userId}`);

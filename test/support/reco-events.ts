import { randomUUID } from 'node:crypto';
import { type EventStore, noMetadata } from '#platform';

/** What recommendation reads of the catalogue and of orders, appended as catalog and commerce append them. */
export interface RecoItem {
  contentId: string;
  creatorId: string;
  title: string;
}

const PRICE = 1000;

/** Publishes as catalog would: `catalog.content-approved` with the contract's whole payload. */
export async function approveItem(store: EventStore, item: RecoItem): Promise<void> {
  await store.append({
    streamId: `content-${item.contentId}`,
    streamType: 'content',
    expectedVersion: 0,
    events: [
      {
        type: 'catalog.content-approved',
        data: {
          contentId: item.contentId,
          moderatorId: randomUUID(),
          creatorId: item.creatorId,
          kind: 'course',
          title: item.title,
          summary: `About ${item.title}`,
          priceCents: PRICE,
          currency: 'CNY',
          tags: [],
          publishedAt: new Date().toISOString(),
        },
      },
    ],
    metadata: noMetadata(),
  });
}

/** Pays as commerce would: order placed, then `commerce.order-paid`; items need not be published (an unpublished one is what the tests check is never offered). */
export async function payFor(store: EventStore, buyerId: string, items: readonly RecoItem[]): Promise<void> {
  const orderId = randomUUID();
  const paymentId = `pay_${randomUUID()}`;
  await store.append({
    streamId: `order-${orderId}`,
    streamType: 'order',
    expectedVersion: 0,
    events: [
      {
        type: 'commerce.order-placed',
        data: {
          orderId,
          buyerId,
          items: items.map(({ contentId, creatorId, title }) => ({ contentId, creatorId, title, priceCents: PRICE, currency: 'CNY' })),
          totalCents: PRICE * items.length,
          currency: 'CNY',
          paymentId,
          provider: 'sandbox',
        },
      },
      {
        type: 'commerce.order-paid',
        data: {
          orderId,
          buyerId,
          paymentId,
          providerEventId: `evt_${randomUUID()}`,
          amountCents: PRICE * items.length,
          currency: 'CNY',
          items: items.map(({ contentId, creatorId }) => ({ contentId, creatorId, priceCents: PRICE, platformFeeCents: 200 })),
        },
      },
    ],
    metadata: noMetadata(),
  });
}

/** Opens a lesson of an item as catalog records it (`catalog.lesson-opened`, a free preview or not). */
export async function openLesson(store: EventStore, userId: string, item: RecoItem, lessonId = randomUUID()): Promise<void> {
  await store.append({
    streamId: `progress-${userId}-${item.contentId}`,
    streamType: 'progress',
    expectedVersion: 'any',
    events: [{ type: 'catalog.lesson-opened', data: { userId, contentId: item.contentId, lessonId, lessonCount: 3, openedAt: new Date().toISOString() } }],
    metadata: noMetadata(),
  });
}

/** Completes a lesson of an item as catalog records it (`catalog.lesson-completed`). */
export async function completeLesson(store: EventStore, userId: string, item: RecoItem, lessonId = randomUUID()): Promise<void> {
  await store.append({
    streamId: `progress-${userId}-${item.contentId}`,
    streamType: 'progress',
    expectedVersion: 'any',
    events: [{ type: 'catalog.lesson-completed', data: { userId, contentId: item.contentId, lessonId, completedAt: new Date().toISOString() } }],
    metadata: noMetadata(),
  });
}

/** Rates an item as community records a review (`community.review-posted`; the text event that follows is not read here). */
export async function postReview(store: EventStore, userId: string, item: RecoItem, stars: number): Promise<void> {
  await store.append({
    streamId: `review-${item.contentId}-${userId}`,
    streamType: 'review',
    expectedVersion: 'any',
    events: [{ type: 'community.review-posted', data: { contentId: item.contentId, userId, stars, previousStars: null } }],
    metadata: noMetadata(),
  });
}

/** Withdraws a review as community does after a full refund (`community.review-withdrawn`, then `-removed`). */
export async function withdrawReview(store: EventStore, userId: string, item: RecoItem, stars: number): Promise<void> {
  await store.append({
    streamId: `review-${item.contentId}-${userId}`,
    streamType: 'review',
    expectedVersion: 'any',
    events: [
      { type: 'community.review-withdrawn', data: { contentId: item.contentId, userId, orderId: randomUUID(), reason: 'refunded' } },
      { type: 'community.review-removed', data: { contentId: item.contentId, userId, stars } },
    ],
    metadata: noMetadata(),
  });
}

/**
 * Completes a whole course as catalog records it: the last lesson completed, then (catalog's
 * certificate issuer, once every lesson is) `catalog.certificate-issued`.
 */
export async function completeCourse(store: EventStore, userId: string, item: RecoItem): Promise<void> {
  await completeLesson(store, userId, item);
  const certificateId = randomUUID();
  const completedAt = new Date().toISOString();
  await store.append({
    streamId: `certificate-${certificateId}`,
    streamType: 'certificate',
    expectedVersion: 0,
    events: [
      {
        type: 'catalog.certificate-issued',
        data: {
          learnerId: userId,
          statement: {
            certificateId,
            issuer: 'Zhiku',
            learnerId: userId,
            learnerName: 'A learner',
            courseId: item.contentId,
            courseTitle: item.title,
            creatorName: 'A creator',
            completedAt,
            keyId: 'test',
          },
          signature: 'not checked here',
        },
      },
    ],
    metadata: noMetadata(),
  });
}

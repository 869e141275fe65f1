import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EventSubscriber, EventSubscription, type RecordedEvent } from '#platform';

/** The shapes catalog reads from other domains' stored events (their names are the contract, not their code). */
/** `question`: a paid question's answer (its contentId is the question's), no content to count. */
interface OrderLine {
  contentId: string;
  kind?: 'question';
}
interface PaidOrder {
  items: OrderLine[];
}
interface ReversedOrder {
  items: OrderLine[];
  fullyRefunded?: boolean;
}
interface ReviewPosted {
  contentId: string;
  stars: number;
  previousStars: number | null;
}
interface ReviewRemoved {
  contentId: string;
  stars: number;
}

/**
 * catalog_content_stats, what lists sort by popularity and rating: buyers from commerce's paid
 * orders (an order refunded in full or charged back counts no more), and the count and sum of
 * stars from community's reviews. Transactional delivery: each event counts exactly once.
 */
@Injectable()
@EventSubscription()
export class ContentStatsSubscriber implements EventSubscriber {
  readonly subscriptionName = 'catalog-content-stats';
  readonly delivery = 'transactional' as const;
  readonly eventTypes = [
    'commerce.order-paid',
    'commerce.order-refunded',
    'commerce.order-charged-back',
    'community.review-posted',
    'community.review-removed',
  ];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      switch (event.type) {
        case 'commerce.order-paid':
          await this.addBuyers(manager, (event.data as PaidOrder).items, 1);
          break;
        case 'commerce.order-refunded': {
          const refund = event.data as ReversedOrder;
          if (refund.fullyRefunded) await this.addBuyers(manager, refund.items, -1);
          break;
        }
        case 'commerce.order-charged-back':
          await this.addBuyers(manager, (event.data as ReversedOrder).items, -1);
          break;
        case 'community.review-posted': {
          const { contentId, stars, previousStars } = event.data as ReviewPosted;
          await this.addRating(manager, contentId, previousStars === null ? 1 : 0, stars - (previousStars ?? 0));
          break;
        }
        case 'community.review-removed': {
          const { contentId, stars } = event.data as ReviewRemoved;
          await this.addRating(manager, contentId, -1, -stars);
          break;
        }
      }
    }
  }

  private async addBuyers(manager: EntityManager, items: OrderLine[], delta: number): Promise<void> {
    const contentIds = [...new Set(items.filter((item) => item.kind !== 'question').map((item) => item.contentId))];
    if (contentIds.length === 0) return;
    // GREATEST: a reversal of an order paid before this projection existed must not go below zero.
    await manager.query(
      `INSERT INTO catalog_content_stats (content_id, buyers) SELECT id, GREATEST($2, 0) FROM unnest($1::uuid[]) AS id
       ON CONFLICT (content_id) DO UPDATE SET buyers = GREATEST(catalog_content_stats.buyers + $2, 0)`,
      [contentIds, delta],
    );
  }

  private async addRating(manager: EntityManager, contentId: string, countDelta: number, sumDelta: number): Promise<void> {
    await manager.query(
      `INSERT INTO catalog_content_stats (content_id, rating_count, rating_sum) VALUES ($1, GREATEST($2, 0), GREATEST($3, 0))
       ON CONFLICT (content_id) DO UPDATE SET rating_count = GREATEST(catalog_content_stats.rating_count + $2, 0),
                                              rating_sum = GREATEST(catalog_content_stats.rating_sum + $3, 0)`,
      [contentId, countDelta, sumDelta],
    );
  }
}

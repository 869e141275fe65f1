import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { Decisions, type EventSubscriber, EventSubscription, type RecordedEvent, systemContext } from '#platform';
import { IsBuyer } from '#commerce';
import { reviewDecider, reviewStream } from '../domain/review.js';

/** What community reads of an order taken back (the names of commerce's events are the contract, not their code). */
interface TakenBackOrder {
  orderId: string;
  buyerId: string;
  items: { contentId: string }[];
  /** Refunds only: a chargeback always takes the whole order back. */
  fullyRefunded?: boolean;
}

/**
 * In the worker: when an order is refunded in full or charged back, each of its items that its buyer
 * no longer holds by any purchase (commerce's IsBuyer: another paid order of it keeps them a buyer)
 * has its review withdrawn (see reviewDecider for why). A partial refund withdraws nothing. In the
 * subscription's transaction with its checkpoint: each taken-back order is handled once, and a
 * withdrawal of a review that is not there records nothing.
 */
@Injectable()
@EventSubscription()
export class WithdrawRefundedReviews implements EventSubscriber {
  readonly subscriptionName = 'community-refunded-reviews';
  readonly delivery = 'transactional' as const;
  readonly eventTypes = ['commerce.order-refunded', 'commerce.order-charged-back'];

  constructor(
    private readonly decisions: Decisions,
    private readonly queries: QueryBus,
  ) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const order = event.data as unknown as TakenBackOrder;
      if (event.type === 'commerce.order-refunded' && !order.fullyRefunded) continue;
      for (const contentId of new Set(order.items.map((item) => item.contentId))) {
        if (await this.queries.execute(new IsBuyer(order.buyerId, contentId))) continue;
        await this.decisions.execute(reviewDecider, {
          ...reviewStream(contentId, order.buyerId),
          context: systemContext(event.metadata.requestId),
          command: { type: 'WithdrawReview', orderId: order.orderId, reason: event.type === 'commerce.order-charged-back' ? 'charged-back' : 'refunded' },
          manager,
        });
      }
    }
  }
}

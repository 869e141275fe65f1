import { describe, expect, it } from 'vitest';
import { serverFactRows } from './server-facts.js';

const at = '2026-11-20T08:00:00.000Z';
const fact = (sourceEventId: string, eventType: string, itemId: string, amountCents: number, currency: string) => ({
  sourceEventId,
  eventType,
  userId: 'buyer',
  payload: { occurredAt: at, itemId, platform: 'server', props: { amountCents, currency } },
});

describe('server facts from commerce events: one raw row per item, keyed by the event position', () => {
  it('reads orders placed, paid and refunded', () => {
    expect(
      serverFactRows(
        { type: 'commerce.order-placed', data: { orderId: 'o', buyerId: 'buyer', items: [{ contentId: 'a', priceCents: 100, currency: 'CNY' }, { contentId: 'b', priceCents: 250, currency: 'USD' }] } },
        7,
        at,
      ),
    ).toEqual([fact('7/0', 'order', 'a', 100, 'CNY'), fact('7/1', 'order', 'b', 250, 'USD')]);
    expect(serverFactRows({ type: 'commerce.order-paid', data: { orderId: 'o', buyerId: 'buyer', currency: 'CNY', items: [{ contentId: 'a', priceCents: 90 }] } }, 8, at)).toEqual([
      fact('8/0', 'purchase', 'a', 90, 'CNY'),
      { sourceEventId: 'enrolment/buyer/a', eventType: 'enrolment', userId: 'buyer', payload: { occurredAt: at, itemId: 'a', platform: 'server', props: { via: 'order' } } },
    ]);
    expect(
      serverFactRows({ type: 'commerce.order-refunded', data: { orderId: 'o', buyerId: 'buyer', currency: 'CNY', items: [{ contentId: 'b', refundedCents: 40 }] } }, 9, at),
    ).toEqual([fact('9/0', 'refund', 'b', 40, 'CNY')]);
  });

  it("reads a lesson opened as an enrolment keyed by learner and item, so only the first of a learner's is kept", () => {
    const opened = (lessonId: string, openedAt: string) =>
      serverFactRows({ type: 'catalog.lesson-opened', data: { userId: 'member', contentId: 'a', openedAt } }, Number(lessonId), at);
    expect(opened('10', '2026-11-21T10:00:00.000Z')).toEqual([
      { sourceEventId: 'enrolment/member/a', eventType: 'enrolment', userId: 'member', payload: { occurredAt: '2026-11-21T10:00:00.000Z', itemId: 'a', platform: 'server', props: { via: 'lesson-opened' } } },
    ]);
    // Another lesson, another position: the same key, which cleansing drops as an exact duplicate.
    expect(opened('11', '2026-11-21T11:00:00.000Z')[0]!.sourceEventId).toBe('enrolment/member/a');
  });

  it('makes no row for a paid question: it is sold as an order line of kind question, but it is no content item', () => {
    const question = { contentId: 'q', kind: 'question' as const };
    expect(
      serverFactRows({ type: 'commerce.order-placed', data: { orderId: 'o', buyerId: 'buyer', items: [{ ...question, priceCents: 5000, currency: 'CNY' }] } }, 10, at),
    ).toEqual([]);
    expect(serverFactRows({ type: 'commerce.order-paid', data: { orderId: 'o', buyerId: 'buyer', currency: 'CNY', items: [{ ...question, priceCents: 5000 }] } }, 11, at)).toEqual([]);
    expect(
      serverFactRows({ type: 'commerce.order-refunded', data: { orderId: 'o', buyerId: 'buyer', currency: 'CNY', items: [{ ...question, refundedCents: 5000 }] } }, 12, at),
    ).toEqual([]);
  });

  it("keeps a content line of an order beside a question, keyed by the line's place in the order", () => {
    expect(
      serverFactRows(
        { type: 'commerce.order-paid', data: { orderId: 'o', buyerId: 'buyer', currency: 'CNY', items: [{ contentId: 'q', priceCents: 5000, kind: 'question' }, { contentId: 'a', priceCents: 90 }] } },
        13,
        at,
      ),
    ).toEqual([
      fact('13/1', 'purchase', 'a', 90, 'CNY'),
      { sourceEventId: 'enrolment/buyer/a', eventType: 'enrolment', userId: 'buyer', payload: { occurredAt: at, itemId: 'a', platform: 'server', props: { via: 'order' } } },
    ]);
  });
});


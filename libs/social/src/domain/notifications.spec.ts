import { describe, expect, it } from 'vitest';
import { ANNOUNCING_EVENTS, notificationMail, notificationPlanOf } from './notifications.js';

const approved = {
  contentId: 'c-1',
  creatorId: 'u-creator',
  kind: 'column',
  title: '每周一问',
  summary: 's',
  priceCents: 100,
  currency: 'CNY',
  tags: [],
  moderatorId: 'u-mod',
  publishedAt: '2026-11-28T10:00:00.000Z',
};

describe('what an event announces to followers', () => {
  it("announces an approved item to its creator's followers: title, creator and link, nothing else", () => {
    expect(notificationPlanOf('catalog.content-approved', approved)).toEqual({
      itemId: 'c-1',
      kind: 'column',
      title: '每周一问',
      creatorId: 'u-creator',
      link: '/contents/c-1',
      audiences: [{ targetType: 'creator', targetId: 'u-creator' }],
      buyersOf: [],
      recipients: [],
    });
  });

  it("announces a column's new instalment to the column's followers and buyers, linking the lesson, never its body", () => {
    const instalment = {
      contentId: 'c-1',
      creatorId: 'u-creator',
      columnTitle: '每周一问',
      lessonId: 'l-3',
      title: '第三期',
      publishedAt: '2026-11-28T10:00:00.000Z',
    };
    expect(notificationPlanOf('catalog.instalment-published', instalment)).toEqual({
      itemId: 'l-3',
      kind: 'instalment',
      title: '每周一问 · 第三期',
      creatorId: 'u-creator',
      link: '/contents/c-1/lessons/l-3',
      audiences: [{ targetType: 'column', targetId: 'c-1' }],
      buyersOf: ['c-1'],
      recipients: [],
    });
  });

  it('tells a creator alone, once per payout, that its transfer waits for them to confirm it', () => {
    const waiting = { payoutId: 'p-1', creatorId: 'u-creator', amountCents: 5000, currency: 'CNY', provider: 'wechatpay' };
    expect(notificationPlanOf('commerce.payout-awaiting-confirmation', waiting)).toEqual({
      itemId: 'p-1',
      kind: 'payout-awaiting-confirmation',
      title: 'Confirm receipt of your payout of 50.00 CNY in WeChat',
      creatorId: 'u-creator',
      link: '/creator/payouts/p-1',
      audiences: [],
      buyersOf: [],
      recipients: ['u-creator'],
    });
    expect(notificationMail({ kind: 'payout-awaiting-confirmation', title: 'Confirm receipt of your payout of 50.00 CNY in WeChat', link: '/creator/payouts/p-1' }, '王老师', 'https://zhiku.example')).toEqual({
      subject: 'Confirm receipt of your payout of 50.00 CNY in WeChat',
      text:
        'Confirm receipt of your payout of 50.00 CNY in WeChat: WeChat Pay pays it once you confirm it there. Left unconfirmed, WeChat Pay cancels it and the amount is available again.' +
        '\n\nSee it at https://zhiku.example/creator/payouts/p-1\n',
    });
  });

  it('announces nothing for other events, nor for inherited property names', () => {
    expect(notificationPlanOf('catalog.content-submitted', approved)).toBeNull();
    expect(notificationPlanOf('toString', approved)).toBeNull();
    expect(Object.keys(ANNOUNCING_EVENTS)).toEqual(['catalog.content-approved', 'catalog.instalment-published', 'commerce.payout-awaiting-confirmation']);
  });

  it('mails the same facts, with the link made absolute', () => {
    expect(notificationMail({ kind: 'column', title: '每周一问', link: '/contents/c-1' }, '王老师', 'https://zhiku.example')).toEqual({
      subject: '王老师 published: 每周一问',
      text: '王老师, whom you follow on Zhiku, published "每周一问".\n\nSee it at https://zhiku.example/contents/c-1\n',
    });
  });

  it('tells the recipient of an instalment mail that it comes from a column they follow or bought', () => {
    expect(notificationMail({ kind: 'instalment', title: '每周一问 · 第三期', link: '/contents/c-1/lessons/l-3' }, '王老师', 'https://zhiku.example')).toEqual({
      subject: '王老师 published: 每周一问 · 第三期',
      text: '王老师 published "每周一问 · 第三期", a new instalment of a column you follow or bought on Zhiku.\n\nSee it at https://zhiku.example/contents/c-1/lessons/l-3\n',
    });
  });
});

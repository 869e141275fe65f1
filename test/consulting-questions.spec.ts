import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askExpert, balances, inboxOf, offerQuestions, payQuestion, questionOf } from './support/consulting.js';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('Q&A on items and paid questions to experts', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { PLATFORM_COMMISSION_BPS: '2000' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  const buyer = async (name: string, contentId: string) => {
    const learner = await app.user(name);
    const order = await placeOrder(app, learner, [contentId]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents })).status).toBe(200);
    return learner;
  };
  const ask = (learner: TestUser, contentId: string, text: unknown) =>
    app.request('POST', `/api/v1/contents/${contentId}/questions`, { token: learner.token, body: { text } });
  const answer = (user: TestUser, questionId: string, text: string) =>
    app.request('POST', `/api/v1/questions/${questionId}/answer`, { token: user.token, body: { text } });
  const itemQuestions = async (user: TestUser, contentId: string) => {
    const page = await app.request('GET', `/api/v1/contents/${contentId}/questions`, { token: user.token });
    expect(page.status).toBe(200);
    return page.body.items.map((item: { questionId: string }) => item.questionId) as string[];
  };

  describe('free Q&A on an item', () => {
    it('lets entitled learners ask the creator; answered questions are visible to every entitled user, unanswered ones to the asker and the creator', async () => {
      const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 1990 });
      const first = await buyer('first', contentId);
      const second = await buyer('second', contentId);

      const asked = await ask(first, contentId, '第二课的链式法则 🤔 能再讲一遍吗?');
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ status: 'open', contentId, expertId: creator.id, askerId: first.id, price: null, orderId: null, answer: null });
      const { questionId } = asked.body;
      const later = (await ask(second, contentId, 'Is there a transcript?')).body.questionId as string;

      expect(await itemQuestions(first, contentId)).toEqual([questionId]); // its own, not the other's unanswered one
      expect(await itemQuestions(second, contentId)).toEqual([later]);
      expect(await itemQuestions(creator, contentId)).toEqual([later, questionId]);
      expect((await app.request('GET', `/api/v1/questions/${questionId}`, { token: second.token })).status).toBe(404);
      // The creator's inbox: oldest first, a page at a time.
      const page1 = await app.request('GET', '/api/v1/me/consulting/inbox?limit=1', { token: creator.token });
      expect(page1.body.items.map((item: { questionId: string }) => item.questionId)).toEqual([questionId]);
      const page2 = await app.request('GET', `/api/v1/me/consulting/inbox?limit=1&cursor=${page1.body.nextCursor}`, { token: creator.token });
      expect(page2.body).toMatchObject({ items: [{ questionId: later }], nextCursor: null });

      const answered = await answer(creator, questionId, '当然: 先看计算图。');
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ status: 'answered', answer: { text: '当然: 先看计算图。', editedAt: null } });
      expect(await itemQuestions(second, contentId)).toEqual([later, questionId]);
      expect(await questionOf(app, second, questionId)).toMatchObject({ status: 'answered', answer: { text: '当然: 先看计算图。' } });
      expect(await inboxOf(app, creator)).toEqual([later]);

      const again = await answer(creator, questionId, 'twice?');
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CONSULTING.ALREADY_ANSWERED' });
      const edited = await app.request('PATCH', `/api/v1/questions/${questionId}/answer`, { token: creator.token, body: { text: '当然: 先看计算图, 再看代码。' } });
      expect(edited.body).toMatchObject({ answer: { text: '当然: 先看计算图, 再看代码。', editedAt: expect.any(String) } });
      const byLearner = await app.request('PATCH', `/api/v1/questions/${questionId}/answer`, { token: second.token, body: { text: 'mine now' } });
      expect(byLearner.status).toBe(403);
      expect((await questionOf(app, second, questionId)).answer.text).toBe('当然: 先看计算图, 再看代码。');
    });

    it('refuses a learner not entitled to the item, to ask or to read, and changes nothing', async () => {
      const contentId = await publishContent(app, creator, moderatorToken);
      const owner = await buyer('owner', contentId);
      const { questionId } = (await ask(owner, contentId, 'A question?')).body;
      await answer(creator, questionId, 'An answer.');

      const outsider = await app.user('outsider');
      const asked = await ask(outsider, contentId, 'Can I ask for free?');
      expect({ status: asked.status, code: asked.body.code }).toEqual({ status: 403, code: 'CONSULTING.NOT_ENTITLED' });
      const listed = await app.request('GET', `/api/v1/contents/${contentId}/questions`, { token: outsider.token });
      expect({ status: listed.status, code: listed.body.code }).toEqual({ status: 404, code: 'CONSULTING.ITEM_NOT_FOUND' }); // as if it did not exist
      expect((await app.request('GET', `/api/v1/questions/${questionId}`, { token: outsider.token })).status).toBe(404);
      expect(await app.sql(`SELECT count(*)::int AS n FROM consulting_questions WHERE content_id = $1`, [contentId])).toEqual([{ n: 1 }]);
      // No such item; the creator asking themselves.
      expect((await ask(owner, randomUUID(), 'Hello?')).body.code).toBe('CONSULTING.ITEM_NOT_FOUND');
      expect((await ask(creator, contentId, 'Me?')).body.code).toBe('CONSULTING.CANNOT_ASK_YOURSELF');
    });

    it('refuses strange text with a problem naming it: NUL bytes, 10k characters, blank, not a string', async () => {
      const contentId = await publishContent(app, creator, moderatorToken);
      const owner = await buyer('strange', contentId);
      const nul = await ask(owner, contentId, 'a\u0000b');
      expect({ status: nul.status, code: nul.body.code }).toEqual({ status: 400, code: 'HTTP.INVALID_TEXT' }); // refused at the edge
      for (const text of ['x'.repeat(10_000), '   \n\t ', 'a\u0007b']) {
        const refused = await ask(owner, contentId, text);
        expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'CONSULTING.TEXT_INVALID' });
      }
      const notText = await ask(owner, contentId, { $gt: '' });
      expect(notText.status).toBe(400);
      const huge = await ask(owner, contentId, 'x'.repeat(20_000));
      expect(huge.status).toBe(400);
      expect((await ask(owner, contentId, '🎓'.repeat(4000))).status).toBe(201); // emoji count once each
      expect(await app.sql(`SELECT count(*)::int AS n FROM consulting_questions WHERE content_id = $1`, [contentId])).toEqual([{ n: 1 }]);
    });
  });

  describe('paid questions', () => {
    let expert: TestUser;
    beforeAll(async () => {
      expert = await app.user('expert', ['expert']);
      const agreed = await app.request('PUT', `/api/v1/admin/finance/creators/${expert.id}/commission`, {
        token: finance.token,
        body: { platformBps: 1000, creatorCouponBps: null },
      });
      expect(agreed.status).toBe(200);
    });

    it('lets experts and creators set a price, and no one else', async () => {
      const learner = await app.user('no-expert');
      expect((await app.request('PUT', '/api/v1/me/consulting/price', { token: learner.token, body: { amountCents: 5000, currency: 'CNY', enabled: true } })).status).toBe(403);
      const bad = await app.request('PUT', '/api/v1/me/consulting/price', { token: expert.token, body: { amountCents: 50, currency: 'CNY', enabled: true } });
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 422, code: 'CONSULTING.PRICE_INVALID' });
      expect((await app.request('PUT', '/api/v1/me/consulting/price', { token: expert.token, body: { amountCents: 5000, currency: 'cny', enabled: true } })).status).toBe(400);
      expect((await app.request('GET', `/api/v1/experts/${expert.id}/consulting`, { token: learner.token })).body.code).toBe('CONSULTING.EXPERT_NOT_AVAILABLE');

      expect(await offerQuestions(app, expert, 5000)).toMatchObject({ expertId: expert.id, amountCents: 5000, currency: 'CNY', enabled: true });
      expect((await app.request('GET', `/api/v1/experts/${expert.id}/consulting`, { token: learner.token })).body).toMatchObject({ amountCents: 5000, enabled: true });
      expect((await offerQuestions(app, creator, 2000)).amountCents).toBe(2000);
    });

    it('reaches the expert only once paid; the expert is credited like a creator, less their commission; another expert cannot answer', async () => {
      await offerQuestions(app, expert, 5000);
      const learner = await app.user('asker');
      const asked = await askExpert(app, learner, expert.id, '我该先学微积分还是线性代数?');
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ status: 'awaiting_payment', expertId: expert.id, contentId: null, price: { amountCents: 5000, currency: 'CNY' }, orderId: expect.any(String) });
      const order = await app.request('GET', `/api/v1/me/orders/${asked.body.orderId}`, { token: learner.token });
      expect(order.body).toMatchObject({ status: 'pending', totalCents: 5000, items: [{ contentId: asked.body.questionId, priceCents: 5000 }] });
      expect(await inboxOf(app, expert)).not.toContain(asked.body.questionId);
      const unpaidAnswer = await answer(expert, asked.body.questionId, 'too early');
      expect(unpaidAnswer.body.code).toBe('CONSULTING.QUESTION_NOT_PAID');

      const before = await balances(app, [`liabilities:creator-payable:${expert.id}`]);
      await payQuestion(app, learner, asked.body);
      expect(await inboxOf(app, expert)).toContain(asked.body.questionId);
      const paid = await questionOf(app, learner, asked.body.questionId);
      expect(Date.parse(paid.answerDueAt) - Date.parse(paid.openedAt)).toBe(48 * 3_600_000);
      // 10 % agreed with this expert: 4500 of the 5000 are theirs; nothing is granted to read.
      expect(await balances(app, [`liabilities:creator-payable:${expert.id}`])).toEqual({
        [`liabilities:creator-payable:${expert.id}`]: (before[`liabilities:creator-payable:${expert.id}`] ?? 0) - 4500,
      });
      expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_access_grants WHERE source_id = $1`, [asked.body.orderId])).toEqual([{ n: 0 }]);

      const other = await app.user('other-expert', ['expert']);
      const stolen = await answer(other, asked.body.questionId, 'I will take it');
      expect({ status: stolen.status, code: stolen.body.code }).toEqual({ status: 403, code: 'CONSULTING.NOT_THE_EXPERT' });
      expect((await app.request('GET', `/api/v1/questions/${asked.body.questionId}`, { token: other.token })).status).toBe(404);
      expect(await inboxOf(app, other)).toEqual([]);

      const answered = await answer(expert, asked.body.questionId, '先线性代数。');
      expect(answered.body).toMatchObject({ status: 'answered', answer: { text: '先线性代数。' } });
      expect(await questionOf(app, learner, asked.body.questionId)).toMatchObject({ status: 'answered', answer: { text: '先线性代数。' } });
      expect(await inboxOf(app, expert)).not.toContain(asked.body.questionId);
      const mine = await app.request('GET', '/api/v1/me/questions', { token: learner.token });
      expect(mine.body.items).toEqual([expect.objectContaining({ questionId: asked.body.questionId, status: 'answered' })]);
      const trial = await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token });
      expect(trial.body).toMatchObject({ balanced: true });
    });

    it('makes one question and one order of 30 identical asks sent at once with one Idempotency-Key', async () => {
      await offerQuestions(app, expert, 5000);
      const learner = await app.user('impatient');
      const key = randomUUID();
      const answers = await Promise.all(Array.from({ length: 30 }, () => askExpert(app, learner, expert.id, '同一个问题', key)));
      expect(answers.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'IDEMPOTENCY.IN_FLIGHT'))).toBe(true);
      const done = answers.filter((r) => r.status === 201);
      expect(done.length).toBeGreaterThanOrEqual(1);
      expect(new Set(done.map((r) => r.body.questionId)).size).toBe(1);
      const again = await askExpert(app, learner, expert.id, '同一个问题', key);
      expect(again.body.questionId).toBe(done[0]!.body.questionId);
      expect(await app.sql(`SELECT count(*)::int AS n FROM consulting_questions WHERE asker_id = $1`, [learner.id])).toEqual([{ n: 1 }]);
      expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_orders WHERE buyer_id = $1`, [learner.id])).toEqual([{ n: 1 }]);
      // The same key for another question is refused; so is asking an expert who takes none, or oneself.
      expect((await askExpert(app, learner, expert.id, '另一个问题', key)).body.code).toBe('IDEMPOTENCY.KEY_REUSED');
      const closed = await app.user('closed-expert', ['expert']);
      await offerQuestions(app, closed, 3000, false);
      expect((await askExpert(app, learner, closed.id)).body.code).toBe('CONSULTING.EXPERT_NOT_AVAILABLE');
      expect((await askExpert(app, learner, randomUUID())).body.code).toBe('CONSULTING.EXPERT_NOT_AVAILABLE');
      expect((await askExpert(app, expert, expert.id)).body.code).toBe('CONSULTING.CANNOT_ASK_YOURSELF');
    });

    it('sells a question to its asker alone: nobody can order another learner\'s question', async () => {
      await offerQuestions(app, expert, 5000);
      const learner = await app.user('owner-of-question');
      const asked = await askExpert(app, learner, expert.id, 'mine');
      const thief = await app.user('thief');
      expect((await placeOrder(app, thief, [asked.body.questionId])).status).toBe(400); // not a content id at all
      expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_orders WHERE buyer_id = $1`, [thief.id])).toEqual([{ n: 0 }]);
      expect((await app.request('GET', `/api/v1/me/orders/${asked.body.orderId}`, { token: thief.token })).status).toBe(404);
    });
  });
  describe('after the asker erases their account', () => {
    it('reads their questions as erased for the expert, keeps the answers, and the question still decides', async () => {
      const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 1290 });
      const leaver = await buyer('erasing-asker', contentId);
      const other = await buyer('staying-reader', contentId);
      const words = '我叫王小明，在清华读研，这个公式怎么推导？';
      const asked = await ask(leaver, contentId, words);
      expect(asked.status).toBe(201);
      expect((await answer(creator, asked.body.questionId, '先看第三章的推导。')).status).toBe(200);
      await offerQuestions(app, creator, 3000);
      const paid = await askExpert(app, leaver, creator.id, '私人问题：我的论文题目是某某');
      expect(paid.status).toBe(201);
      const order = await app.request('GET', `/api/v1/me/orders/${paid.body.orderId}`, { token: leaver.token });
      expect(JSON.stringify(order.body)).not.toContain('我的论文题目'); // the item is sold as a paid question, not under its words

      expect((await app.request('DELETE', '/api/v1/me', { token: leaver.token, body: { password: leaver.password } })).status).toBe(204);

      expect(await questionOf(app, other, asked.body.questionId)).toMatchObject({ text: '[erased]', answer: { text: '先看第三章的推导。' } });
      expect((await questionOf(app, creator, paid.body.questionId)).text).toBe('[erased]');
      // The question's stream still folds: the expert corrects the answer after the asker is gone.
      const edited = await app.request('PATCH', `/api/v1/questions/${asked.body.questionId}/answer`, { token: creator.token, body: { text: '先看第三章, 再看习题。' } });
      expect(edited.status).toBe(200);
      const everywhere = JSON.stringify([await app.sql(`SELECT data FROM events`), await app.sql(`SELECT * FROM consulting_questions`), await app.sql(`SELECT * FROM commerce_question_offers`)]);
      for (const personal of [words, '我的论文题目']) expect(everywhere).not.toContain(personal);
    });
  });
});

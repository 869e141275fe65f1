import { getQueueToken } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName, systemContext } from '#platform';
import { RefundUnansweredQuestion, SweepUnansweredQuestions } from '#consulting';
import { askExpert, balances, inboxOf, offerQuestions, payQuestion, questionOf } from './support/consulting.js';
import { deliverWebhook } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

describe('paid questions unanswered in time are refunded, exactly once, through the refund path', () => {
  let app: TestApp;
  let expert: TestUser;
  let finance: TestUser;
  let queue: Queue;
  let commands: CommandBus;
  beforeAll(async () => {
    // A paid question's answer window here: 0.001 h = 3.6 s; an unpaid order expires after 6 s.
    app = await TestApp.start({ worker: true, env: { CONSULTING_ANSWER_HOURS: '0.001', ORDER_PAYMENT_WINDOW_MS: '6000', PLATFORM_COMMISSION_BPS: '2000' } });
    expert = await app.user('expert', ['expert']);
    finance = await app.user('finance', ['finance']);
    await offerQuestions(app, expert, 5000);
    queue = app.worker!.get<Queue>(getQueueToken(QueueName.Consulting), { strict: false });
    commands = app.worker!.get(CommandBus, { strict: false });
  });
  afterAll(async () => {
    await app.close();
  });

  const expertPayable = () => `liabilities:creator-payable:${expert.id}`;
  const ledgerOf = (orderId: string) =>
    app.sql(`SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 GROUP BY account HAVING sum(amount_cents) <> 0 ORDER BY account`, [orderId]);
  const countEvents = async (type: string, orderId: string) =>
    (await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = $1 AND stream_id = $2`, [type, `order-${orderId}`]))[0].n as number;

  /** A learner's paid question, open in the expert's inbox. */
  const paidQuestion = async (name: string) => {
    const learner = await app.user(name);
    const asked = await askExpert(app, learner, expert.id, `${name}: 这道题怎么做?`);
    expect(asked.status).toBe(201);
    const paymentId = await payQuestion(app, learner, asked.body);
    return { learner, question: asked.body as { questionId: string; orderId: string; price: { amountCents: number } }, paymentId };
  };
  const pastDeadline = async (learner: TestUser, questionId: string) => {
    const { answerDueAt } = await questionOf(app, learner, questionId);
    const wait = Date.parse(answerDueAt) - Date.now() + 50;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  /** The provider confirms the refund commerce asked it for (the sandbox refunds when told so by its webhook). */
  const providerRefunds = async (learner: TestUser, questionId: string, paymentId: string) => {
    const { refund } = await eventually(async () => {
      const question = await questionOf(app, learner, questionId);
      return question.refund ? question : null;
    }, 15_000, 'the refund to be approved');
    const [row] = await app.sql(`SELECT status, approved_cents::int AS approved, reviewer_id FROM commerce_refunds WHERE refund_id = $1`, [refund.refundId]);
    expect(row).toEqual({ status: 'approved', approved: 5000, reviewer_id: null }); // approved by the platform, no reviewer
    const confirmed = await deliverWebhook(app, { type: 'refund.succeeded', paymentId, amountCents: 5000, refundId: refund.refundId });
    expect(confirmed.body).toMatchObject({ received: true, status: 'processed' });
    return refund.refundId as string;
  };

  it('refunds on its own at the deadline (the delayed job), pays the learner back and takes the expert\'s share back; a late answer is refused', async () => {
    const before = await balances(app, [expertPayable()]);
    const { learner, question, paymentId } = await paidQuestion('late');
    expect(await inboxOf(app, expert)).toContain(question.questionId);
    // Paid: the expert is credited like a creator for a sale, less the platform's 20 %.
    expect(await ledgerOf(question.orderId)).toEqual([
      { account: 'assets:psp-clearing:sandbox', cents: 5000 },
      { account: expertPayable(), cents: -4000 },
      { account: 'revenue:platform-fees', cents: -1000 },
    ]);
    expect(await app.sql(`SELECT 1 FROM commerce_access_grants WHERE source_id = $1`, [question.orderId])).toEqual([]); // a question grants no access

    const refundId = await providerRefunds(learner, question.questionId, paymentId);
    expect(await questionOf(app, learner, question.questionId)).toMatchObject({ status: 'refunded', refund: { refundId, refundedAt: expect.any(String) } });
    expect(await inboxOf(app, expert)).not.toContain(question.questionId);
    const order = await app.request('GET', `/api/v1/me/orders/${question.orderId}`, { token: learner.token });
    expect(order.body).toMatchObject({ status: 'refunded', refundedCents: 5000 });
    expect(await ledgerOf(question.orderId)).toEqual([]); // the learner has their 5000 back, the expert owes nothing for it
    expect(await balances(app, [expertPayable()])).toEqual(before);

    const late = await app.request('POST', `/api/v1/questions/${question.questionId}/answer`, { token: expert.token, body: { text: '抱歉来晚了' } });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'CONSULTING.QUESTION_REFUNDED' });
    expect((await questionOf(app, learner, question.questionId)).answer).toBeNull();
    const trial = await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token });
    expect(trial.body).toMatchObject({ balanced: true, unbalancedTransactions: [] });
  });

  it('refunds once with the refund job run 5 times at once and the sweep beside them, and once more when the delayed job comes late', async () => {
    const before = await balances(app, [expertPayable()]);
    const { learner, question, paymentId } = await paidQuestion('racing-jobs');
    await queue.pause(); // the delayed job waits: the runs below are the ones racing
    try {
      await pastDeadline(learner, question.questionId);
      const context = systemContext('test-race');
      const runs = await Promise.all([
        ...Array.from({ length: 5 }, () => commands.execute(new RefundUnansweredQuestion(question.questionId, context))),
        commands.execute(new SweepUnansweredQuestions(context)),
      ]);
      const outcomes = runs.slice(0, 5) as { refunded: boolean; refundId: string | null }[];
      expect(new Set(outcomes.map((outcome) => outcome.refundId)).size).toBe(1);
      expect(outcomes.every((outcome) => outcome.refunded)).toBe(true);
      expect(runs[5]).toMatchObject({ failed: 0 });
    } finally {
      await queue.resume();
    }
    // The delayed job, let through now, finds nothing left to do.
    const [{ position }] = await app.sql(`SELECT global_position::int AS position FROM events WHERE type = 'consulting.question-paid' AND stream_id = $1`, [
      `question-${question.questionId}`,
    ]);
    const delayed = await eventually(async () => {
      // The state first, then the job: a job read before it completed would carry no return value.
      const id = `event-${position}-refund-unanswered-question`;
      return (await queue.getJobState(id)) === 'completed' ? queue.getJob(id) : null;
    }, 15_000, 'the delayed job to run');
    expect(delayed.returnvalue).toEqual({ refunded: true, refundId: expect.any(String) });
    expect(await countEvents('commerce.refund-requested', question.orderId)).toBe(1);
    expect(await countEvents('commerce.refund-approved', question.orderId)).toBe(1);
    expect((await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'consulting.question-refunded' AND stream_id = $1`, [`question-${question.questionId}`]))[0].n).toBe(1);

    await providerRefunds(learner, question.questionId, paymentId);
    expect(await countEvents('commerce.order-refunded', question.orderId)).toBe(1);
    expect(await ledgerOf(question.orderId)).toEqual([]);
    expect(await balances(app, [expertPayable()])).toEqual(before);
  });

  it('lets exactly one of an answer and the refund win when they race at the deadline', async () => {
    const { learner, question } = await paidQuestion('racing-answer');
    await queue.pause();
    let outcome: { refunded: boolean };
    let answer: { status: number; body: { code?: string } };
    try {
      await pastDeadline(learner, question.questionId);
      [answer, outcome] = await Promise.all([
        app.request('POST', `/api/v1/questions/${question.questionId}/answer`, { token: expert.token, body: { text: '刚好赶上' } }),
        commands.execute(new RefundUnansweredQuestion(question.questionId, systemContext('test-race-answer'))),
      ]);
    } finally {
      await queue.resume();
    }
    const final = await questionOf(app, learner, question.questionId);
    if (answer.status === 200) {
      expect(outcome.refunded).toBe(false);
      expect(final).toMatchObject({ status: 'answered', refund: null });
      expect(await countEvents('commerce.refund-requested', question.orderId)).toBe(0);
      expect(await ledgerOf(question.orderId)).toEqual([
        { account: 'assets:psp-clearing:sandbox', cents: 5000 },
        { account: expertPayable(), cents: -4000 },
        { account: 'revenue:platform-fees', cents: -1000 },
      ]);
    } else {
      expect(answer.status).toBe(409);
      expect(['CONSULTING.QUESTION_REFUNDED', 'EVENT_STORE.VERSION_CONFLICT']).toContain(answer.body.code);
      expect(outcome.refunded).toBe(true);
      expect(final).toMatchObject({ status: 'refunded', answer: null });
      expect(await countEvents('commerce.refund-requested', question.orderId)).toBe(1);
    }
  });

  it('expires an unpaid question with its order: it never reaches the expert and cannot be answered', async () => {
    const learner = await app.user('unpaid');
    const asked = await askExpert(app, learner, expert.id, '我不付钱也能问吗?');
    expect(asked.body).toMatchObject({ status: 'awaiting_payment', orderId: expect.any(String), price: { amountCents: 5000, currency: 'CNY' } });
    expect(await inboxOf(app, expert)).not.toContain(asked.body.questionId);
    const early = await app.request('POST', `/api/v1/questions/${asked.body.questionId}/answer`, { token: expert.token, body: { text: 'x' } });
    expect(early.body.code).toBe('CONSULTING.QUESTION_NOT_PAID');

    await eventually(async () => (await questionOf(app, learner, asked.body.questionId)).status === 'expired', 20_000, 'the question to expire');
    const order = await app.request('GET', `/api/v1/me/orders/${asked.body.orderId}`, { token: learner.token });
    expect(order.body.status).toBe('expired');
    expect(await inboxOf(app, expert)).not.toContain(asked.body.questionId);
    const answer = await app.request('POST', `/api/v1/questions/${asked.body.questionId}/answer`, { token: expert.token, body: { text: 'x' } });
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 409, code: 'CONSULTING.QUESTION_EXPIRED' });
    expect(await ledgerOf(asked.body.orderId)).toEqual([]);
  });
});

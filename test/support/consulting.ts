import { randomUUID } from 'node:crypto';
import { deliverWebhook } from './journeys.js';
import { eventually, type TestApp, type TestUser } from './test-app.js';

/** An expert's price for a paid question, set through the API. */
export async function offerQuestions(app: TestApp, expert: TestUser, amountCents = 5000, enabled = true) {
  const set = await app.request('PUT', '/api/v1/me/consulting/price', { token: expert.token, body: { amountCents, currency: 'CNY', enabled } });
  if (set.status !== 200) throw new Error(`set price: ${set.status} ${JSON.stringify(set.body)}`);
  return set.body;
}

export function askExpert(app: TestApp, learner: TestUser, expertId: string, text = '怎样系统地学习线性代数? 🎓', key = randomUUID()) {
  return app.request('POST', `/api/v1/experts/${expertId}/questions`, { token: learner.token, body: { text }, headers: { 'idempotency-key': key } });
}

/** Pays a question's order as the provider would tell us, and waits until the question is open to its expert. */
export async function payQuestion(app: TestApp, learner: TestUser, question: { questionId: string; orderId: string; price: { amountCents: number } }) {
  const order = await app.request('GET', `/api/v1/me/orders/${question.orderId}`, { token: learner.token });
  const paid = await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: question.price.amountCents });
  if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
  await eventually(async () => (await questionOf(app, learner, question.questionId)).status === 'open', 15_000, 'the paid question to open');
  return order.body.payment.id as string;
}

export async function questionOf(app: TestApp, viewer: TestUser, questionId: string) {
  return (await app.request('GET', `/api/v1/questions/${questionId}`, { token: viewer.token })).body;
}

export async function inboxOf(app: TestApp, expert: TestUser): Promise<string[]> {
  const inbox = await app.request('GET', '/api/v1/me/consulting/inbox', { token: expert.token });
  return inbox.body.items.map((item: { questionId: string }) => item.questionId);
}

/** Each account's balance over every ledger line (debits positive); accounts at zero left out. */
export async function balances(app: TestApp, accounts: string[]): Promise<Record<string, number>> {
  const rows: { account: string; cents: number }[] = await app.sql(
    `SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE account = ANY($1) GROUP BY account HAVING sum(amount_cents) <> 0`,
    [accounts],
  );
  return Object.fromEntries(rows.map((row) => [row.account, row.cents]));
}

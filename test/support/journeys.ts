import { randomUUID } from 'node:crypto';
import { signSandboxPayload } from '#commerce';
import { type TestApp, type TestUser, WEBHOOK_SECRET } from './test-app.js';

export interface LessonInput {
  lessonId?: string;
  title: string;
  body: string;
  preview: boolean;
  format?: string;
  durationSeconds?: number;
  drip?: { afterDays?: number; on?: string };
}

/** A content body; any other field is sent as given (tests of what the api refuses). */
export interface ContentInput {
  [field: string]: unknown;
  kind?: string;
  title?: string;
  summary?: string;
  priceCents?: number;
  currency?: string;
  tags?: string[];
  /** The lessons in order; a course gets them as one chapter unless `chapters` is given. */
  lessons?: LessonInput[];
  chapters?: { title: string; lessons: LessonInput[] }[];
  live?: { startsAt: string; endsAt: string; joinUrl: string };
}

const SAMPLE_LESSONS: LessonInput[] = [
  { title: 'Welcome', body: 'What this course covers.', preview: true },
  { title: 'Backpropagation', body: 'The chain rule, applied carefully.', preview: false },
];

/** A valid content body of the kind asked for: a course's lessons go into one chapter, since a course is built of chapters. */
export const sampleContent = ({ lessons, ...overrides }: ContentInput = {}) => {
  const kind = overrides.kind ?? 'course';
  const body = {
    kind,
    title: '深度学习入门',
    summary: 'From perceptrons to transformers, with exercises.',
    priceCents: 9900,
    currency: 'CNY',
    tags: ['ai', 'python'],
    ...overrides,
  };
  if (kind === 'course') return { chapters: [{ title: 'Chapter 1', lessons: lessons ?? SAMPLE_LESSONS }], ...body };
  const format = kind === 'audio' || kind === 'video' ? { format: kind, durationSeconds: 600 } : {};
  return { lessons: (lessons ?? SAMPLE_LESSONS).map((lesson) => ({ ...format, ...lesson })), ...body };
};

/** Creator drafts and submits, a moderator approves: the content is published and for sale. */
export async function publishContent(app: TestApp, creator: TestUser, moderatorToken: string, input: ContentInput = {}): Promise<string> {
  const created = await app.request('POST', '/api/v1/contents', { token: creator.token, body: sampleContent(input) });
  if (created.status !== 201) throw new Error(`create content: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const submitted = await app.request('POST', `/api/v1/contents/${id}/submit`, { token: creator.token });
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const approved = await app.request('POST', `/api/v1/admin/contents/${id}/approve`, { token: moderatorToken });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  return id;
}

export async function placeOrder(app: TestApp, buyer: TestUser, contentIds: string[], key = randomUUID()) {
  return app.request('POST', '/api/v1/orders', {
    token: buyer.token,
    body: { contentIds },
    headers: { 'idempotency-key': key },
  });
}

export interface WebhookOptions {
  id?: string;
  type?: string;
  /** The payment it is about (payment.* and refund.*). */
  paymentId?: string;
  /** The payout it is about (payout.*). */
  payoutId?: string;
  /** The refund a `refund.succeeded` settles. */
  refundId?: string;
  amountCents: number;
  currency?: string;
  secret?: string;
  timestamp?: number;
  signature?: string;
  /** Fields the provider added that we do not know, at the top and inside `data`. */
  unknownFields?: Record<string, unknown>;
}

/** A sandbox provider event with its raw body and signature, signed as the provider signs it (or as a test wants it broken). */
export function signedWebhook(options: WebhookOptions) {
  const event = {
    id: options.id ?? `evt_${randomUUID().replace(/-/g, '')}`,
    type: options.type ?? 'payment.succeeded',
    data: {
      ...(options.paymentId ? { paymentId: options.paymentId } : {}),
      ...(options.payoutId ? { payoutId: options.payoutId } : {}),
      amountCents: options.amountCents,
      currency: options.currency ?? 'CNY',
      ...(options.refundId ? { refundId: options.refundId } : {}),
      ...options.unknownFields,
    },
    ...options.unknownFields,
  } as const;
  const rawBody = Buffer.from(JSON.stringify(event));
  const t = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = options.signature ?? `t=${t},v1=${signSandboxPayload(options.secret ?? WEBHOOK_SECRET, t, rawBody)}`;
  return { event, rawBody, signature };
}

/** Delivers a sandbox provider event over HTTP. */
export async function deliverWebhook(app: TestApp, options: WebhookOptions) {
  const { rawBody, signature } = signedWebhook(options);
  return app.request('POST', '/api/v1/payments/webhooks/sandbox', { rawBody: rawBody.toString(), headers: { 'zhiku-signature': signature } });
}

/**
 * The buyer asks for a refund of `amountCents` (the whole order when absent), finance approves it and
 * the provider confirms: the order is refunded (in full, or in part) when this returns.
 */
export async function refundOrder(
  app: TestApp,
  buyer: TestUser,
  financeToken: string,
  order: { id: string; payment: { id: string } },
  amountCents: number,
  partial = false,
): Promise<void> {
  const asked = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
    token: buyer.token,
    body: { reason: '不想学了', ...(partial ? { amountCents } : {}) },
    headers: { 'idempotency-key': randomUUID() },
  });
  if (asked.status !== 201) throw new Error(`refund request: ${asked.status} ${JSON.stringify(asked.body)}`);
  const approved = await app.request('POST', `/api/v1/admin/finance/refunds/${asked.body.refundId}/approve`, { token: financeToken, body: {} });
  if (approved.status !== 200) throw new Error(`refund approval: ${approved.status} ${JSON.stringify(approved.body)}`);
  const confirmed = await deliverWebhook(app, { type: 'refund.succeeded', paymentId: order.payment.id, amountCents, refundId: asked.body.refundId });
  if (confirmed.status !== 200) throw new Error(`refund confirmation: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
}

/** A creator whose item a learner bought (`settle` pays it at the provider), with their payout moves as finance and the creator make them. */
export async function creatorWithEarnings(app: TestApp, moderatorToken: string, settle: (paymentId: string) => Promise<unknown>, priceCents = 10_000) {
  const payee = await app.user('payee', ['creator']);
  const finance = await app.user('finance', ['finance']);
  const contentId = await publishContent(app, payee, moderatorToken, { priceCents });
  const order = (await placeOrder(app, await app.user('buyer'), [contentId])).body;
  await settle(order.payment.id);
  const ask = async (amountCents: number) =>
    (await app.request('POST', '/api/v1/creator/payouts', { token: payee.token, body: { amountCents, currency: 'CNY' }, headers: { 'idempotency-key': randomUUID() } })).body
      .payoutId as string;
  return {
    payee,
    ask,
    approve: (payoutId: string) => app.request('POST', `/api/v1/admin/finance/payouts/${payoutId}/approve`, { token: finance.token, body: {} }),
    setAccount: (body: object) => app.request('PUT', '/api/v1/creator/payout-account', { token: payee.token, body }),
    balance: async () => (await app.request('GET', '/api/v1/creator/earnings', { token: payee.token })).body.balances[0],
    statusOf: async (payoutId: string) =>
      (await app.request('GET', '/api/v1/creator/payouts', { token: payee.token })).body.items.find((item: { payoutId: string }) => item.payoutId === payoutId).status,
  };
}

import { CommandBus } from '@nestjs/cqrs';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '#platform';
import { ExpireOrder } from '../libs/commerce/src/commands/expire-order.js';
import { SettleSubscription } from '../libs/commerce/src/commands/subscriptions.js';
import { deliverWebhook, publishContent, type WebhookOptions } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

/**
 * Money and access under random histories. Each run opens a fresh shop (four items, a bundle, a
 * creator's coupon, a membership plan for one item) and plays 50 random operations on it through
 * the API and the provider's webhooks, in any order: purchases, coupons, bundles, payments that
 * succeed, fail, come late or twice, expiries, subscriptions with renewals that succeed or fail,
 * full and partial refunds, chargebacks, payouts. A small model of what the operations should have
 * done runs beside it. After each run:
 * - the ledger sums to zero, transaction by transaction, and the provider's clearing account holds
 *   exactly what the model says was captured less what went back out;
 * - every creator's balance on the earnings page equals the entries of their account, it is never
 *   negative (what is taken back beyond it is their debt, settled by their next earnings), and no
 *   order ever gave back more of a creator's share than it gave them;
 * - refunds never exceed captures, for every order;
 * - every order reads as the model says, and each learner can read exactly the items a paid order or
 *   a paid membership explains: none without, none missing.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const OPERATIONS = 50;
const PLAN_PRICE = 990;
const DAY = 86_400_000;

type Operation =
  | { kind: 'buy'; learner: number; items: number[]; coupon: boolean }
  | { kind: 'buy-bundle'; learner: number }
  /** `racing` more deliveries of the same success, under other event ids, at the same time. */
  | { kind: 'pay'; order: number; racing: number }
  | { kind: 'fail' | 'expire' | 'chargeback'; order: number }
  | { kind: 'refund'; order: number; share: number }
  | { kind: 'redeliver'; webhook: number }
  | { kind: 'subscribe' | 'pay-membership' | 'fail-membership' | 'renew'; learner: number }
  | { kind: 'payout'; fails: boolean };

const LEARNERS = 3;
const ITEMS = 4;
const pick = fc.nat({ max: 1_000 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('buy' as const), learner: fc.nat({ max: LEARNERS - 1 }), items: fc.uniqueArray(fc.nat({ max: ITEMS - 1 }), { minLength: 1, maxLength: 3 }), coupon: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('buy-bundle' as const), learner: fc.nat({ max: LEARNERS - 1 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pay' as const), order: pick, racing: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('fail' as const, 'expire' as const, 'chargeback' as const), order: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), order: pick, share: fc.double({ min: 0.05, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), webhook: pick }) },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constantFrom('subscribe' as const, 'pay-membership' as const, 'fail-membership' as const, 'renew' as const), learner: fc.nat({ max: LEARNERS - 1 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('payout' as const), fails: fc.boolean() }) },
);

type OrderStatus = 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'failed' | 'expired' | 'charged_back';
interface ModelOrder {
  id: string;
  learner: number;
  paymentId: string;
  totalCents: number;
  contentIds: string[];
  payableUntil: string;
  status: OrderStatus;
  refundedCents: number;
  captured: boolean;
}
interface ModelMembership {
  subscriptionId: string;
  /** Payments opened for it, and whether each was settled either way already. */
  payments: Map<string, 'open' | 'paid' | 'failed'>;
  paidOnce: boolean;
}

describe('commerce under random histories (fast-check)', () => {
  let app: TestApp;
  let creator: TestUser;
  let otherCreator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  let learners: TestUser[];
  /** What the provider's clearing account should hold: captures less refunds, chargebacks and payouts. */
  let clearingCents = 0;

  beforeAll(async () => {
    app = await TestApp.start({
      // Under load the 200 histories can outlast a default 15-minute access token: the tokens made once here must last the run
      // (a step-up lasts at most an hour).
      env: { EARNINGS_HOLD_DAYS: '0', PAYOUT_MINIMUM_CENTS: '100', REFUND_STEP_UP_CENTS: '1000000000', STEP_UP_MAX_AGE_SECONDS: '3600', ACCESS_TOKEN_TTL_SECONDS: '7200' },
    });
    creator = await app.user('creator', ['creator']);
    otherCreator = await app.user('other-creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
    learners = await Promise.all(Array.from({ length: LEARNERS }, (_, i) => app.user(`learner-${i}`)));
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  const post = (token: string, url: string, body: object = {}) =>
    app.request('POST', url, { token, body, headers: { 'idempotency-key': randomUUID() } });
  const expectOk = <T extends { status: number; body: any }>(response: T, what: string): T => {
    if (response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };

  /** One shop per run: items of two creators, a bundle and a coupon of the first, a membership plan for one item. */
  async function openShop(prices: number[]) {
    const items = await Promise.all(prices.map((priceCents, i) => publishContent(app, i < 3 ? creator : otherCreator, moderatorToken, { priceCents })));
    const bundle = expectOk(
      await post(creator.token, '/api/v1/bundles', {
        title: '全家桶',
        contentIds: items.slice(0, 3),
        priceCents: Math.floor((prices[0]! + prices[1]! + prices[2]!) * 0.8),
        currency: 'CNY',
      }),
      'bundle',
    ).body.bundleId as string;
    const couponCode = `P${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    expectOk(await app.request('POST', '/api/v1/coupons', { token: creator.token, body: { code: couponCode, percentOff: 20, appliesTo: 'creator' } }), 'coupon');
    const plan = expectOk(
      await post(creator.token, '/api/v1/plans', { name: '单课会员', appliesTo: 'content', contentId: items[0], priceCents: PLAN_PRICE, currency: 'CNY', periodUnit: 'month' }),
      'plan',
    ).body.planId as string;
    return { items, bundle, couponCode, plan };
  }

  async function play(prices: number[], operations: Operation[]) {
    const shop = await openShop(prices);
    const orders: ModelOrder[] = [];
    const memberships = new Map<number, ModelMembership>();
    const delivered: WebhookOptions[] = [];
    const deliver = async (options: WebhookOptions) => {
      const sent = { id: `evt_${randomUUID()}`, ...options };
      const response = await deliverWebhook(app, sent);
      if (response.status !== 200) throw new Error(`webhook ${JSON.stringify(sent)}: ${response.status} ${JSON.stringify(response.body)}`);
      delivered.push(sent);
      return response;
    };
    const capture = (order: ModelOrder) => {
      if (!order.captured) clearingCents += order.totalCents;
      order.captured = true;
    };
    const orderAt = (index: number) => (orders.length === 0 ? undefined : orders[index % orders.length]);
    const membershipOf = async (learner: number) => {
      const mine = memberships.get(learner);
      if (!mine) return undefined;
      const view = await app.request('GET', `/api/v1/me/subscriptions/${mine.subscriptionId}`, { token: learners[learner]!.token });
      return { mine, view: view.body as { status: string; paidUntil: string | null; nextRetryAt: string | null; openPayment: { paymentId: string } | null } };
    };

    const placed = async (learner: number, response: { status: number; body: any }) => {
      if (response.status !== 201) return; // refused (an item held or pending already): nothing to model
      orders.push({
        id: response.body.id,
        learner,
        paymentId: response.body.payment.id,
        totalCents: response.body.totalCents,
        contentIds: response.body.items.map((item: { contentId: string }) => item.contentId),
        payableUntil: response.body.payableUntil,
        status: 'pending',
        refundedCents: 0,
        captured: false,
      });
    };

    for (const op of operations) {
      switch (op.kind) {
        case 'buy': {
          const body = { contentIds: op.items.map((i) => shop.items[i]), ...(op.coupon ? { couponCode: shop.couponCode } : {}) };
          await placed(op.learner, await post(learners[op.learner]!.token, '/api/v1/orders', body));
          break;
        }
        case 'buy-bundle':
          await placed(op.learner, await post(learners[op.learner]!.token, '/api/v1/orders', { bundleId: shop.bundle }));
          break;
        case 'pay': {
          const order = orderAt(op.order);
          if (!order) break;
          const success = { type: 'payment.succeeded', paymentId: order.paymentId, amountCents: order.totalCents };
          await Promise.all(Array.from({ length: 1 + op.racing }, () => deliver(success)));
          capture(order);
          if (order.status === 'pending') order.status = 'paid';
          break;
        }
        case 'fail': {
          const order = orderAt(op.order);
          if (!order) break;
          await deliver({ type: 'payment.failed', paymentId: order.paymentId, amountCents: order.totalCents });
          if (order.status === 'pending') order.status = 'failed';
          break;
        }
        case 'expire': {
          const order = orderAt(op.order);
          if (!order) break;
          const now = new Date(Date.parse(order.payableUntil) + 1000);
          await app.api.get(CommandBus).execute(new ExpireOrder(order.id, systemContext('property-test'), now));
          if (order.status === 'pending') order.status = 'expired';
          break;
        }
        case 'chargeback': {
          const order = orderAt(op.order);
          if (!order || !['paid', 'partially_refunded'].includes(order.status)) break;
          await deliver({ type: 'payment.charged_back', paymentId: order.paymentId, amountCents: order.totalCents });
          clearingCents -= order.totalCents;
          order.status = 'charged_back';
          break;
        }
        case 'refund': {
          const order = orderAt(op.order);
          if (!order) break;
          const left = order.totalCents - order.refundedCents;
          const amountCents = Math.max(1, Math.round(left * op.share));
          const asked = await post(learners[order.learner]!.token, `/api/v1/me/orders/${order.id}/refunds`, { reason: 'property', amountCents });
          const refundable = ['paid', 'partially_refunded'].includes(order.status) && left > 0;
          const what = `refund of ${amountCents} on a ${order.status} order (${left} left): ${asked.status} ${JSON.stringify(asked.body)}`;
          if (!refundable) {
            expect(asked.status >= 400 && asked.status < 500, what).toBe(true);
            break;
          }
          expect(asked.status, what).toBe(201);
          expectOk(await post(finance.token, `/api/v1/admin/finance/refunds/${asked.body.refundId}/approve`), 'approve refund');
          await deliver({ type: 'refund.succeeded', paymentId: order.paymentId, refundId: asked.body.refundId, amountCents });
          clearingCents -= amountCents;
          order.refundedCents += amountCents;
          order.status = order.refundedCents === order.totalCents ? 'refunded' : 'partially_refunded';
          break;
        }
        case 'redeliver': {
          if (delivered.length === 0) break;
          const again = await deliverWebhook(app, delivered[op.webhook % delivered.length]!);
          expect(again.body, 'a webhook delivered again changes nothing').toMatchObject({ received: true, duplicate: true });
          break;
        }
        case 'subscribe': {
          const response = await post(learners[op.learner]!.token, '/api/v1/me/subscriptions', { planId: shop.plan });
          expect([200, 201], JSON.stringify(response.body)).toContain(response.status);
          const known = memberships.get(op.learner);
          expect(response.body.subscriptionId, 'one subscription per member and plan').toBe(known?.subscriptionId ?? response.body.subscriptionId);
          if (!known) {
            memberships.set(op.learner, {
              subscriptionId: response.body.subscriptionId,
              payments: new Map(response.body.openPayment ? [[response.body.openPayment.paymentId, 'open']] : []),
              paidOnce: false,
            });
          }
          break;
        }
        case 'pay-membership':
        case 'fail-membership': {
          const found = await membershipOf(op.learner);
          const open = found && [...found.mine.payments].find(([, state]) => state === 'open');
          if (!found || !open) break;
          const paymentId = open[0];
          if (op.kind === 'pay-membership') {
            await deliver({ type: 'payment.succeeded', paymentId, amountCents: PLAN_PRICE });
            clearingCents += PLAN_PRICE;
            found.mine.paidOnce = true;
          } else {
            await deliver({ type: 'payment.failed', paymentId, amountCents: PLAN_PRICE });
          }
          found.mine.payments.set(paymentId, op.kind === 'pay-membership' ? 'paid' : 'failed');
          break;
        }
        case 'renew': {
          const found = await membershipOf(op.learner);
          if (!found) break;
          const { status, paidUntil, nextRetryAt } = found.view;
          const dueAt = status === 'past_due' ? nextRetryAt : status === 'active' && paidUntil ? new Date(Date.parse(paidUntil) - DAY).toISOString() : null;
          if (!dueAt) break;
          await app.api.get(CommandBus).execute(new SettleSubscription(found.mine.subscriptionId, dueAt, systemContext('property-test'), new Date(dueAt)));
          const after = await membershipOf(op.learner);
          const opened = after?.view.openPayment?.paymentId;
          if (opened && !found.mine.payments.has(opened)) found.mine.payments.set(opened, 'open');
          break;
        }
        case 'payout': {
          const earnings = (await app.request('GET', '/api/v1/creator/earnings', { token: creator.token })).body;
          const available = (earnings.balances as { currency: string; availableCents: number }[]).find((b) => b.currency === 'CNY')?.availableCents ?? 0;
          if (available < 100) break;
          const asked = expectOk(await post(creator.token, '/api/v1/creator/payouts', { amountCents: available, currency: 'CNY' }), 'payout');
          expectOk(await post(finance.token, `/api/v1/admin/finance/payouts/${asked.body.payoutId}/approve`), 'approve payout');
          await deliver({ type: op.fails ? 'payout.failed' : 'payout.paid', payoutId: asked.body.payoutId, amountCents: 0 });
          if (!op.fails) clearingCents -= available;
          break;
        }
      }
    }
    if (process.env.PROPERTY_DEBUG) console.log(JSON.stringify({ orders: orders.map((o) => o.status), memberships: [...memberships.values()].map((m) => [...m.payments.values()]), webhooks: delivered.length, clearingCents }));
    await checkInvariants(shop.items, orders, memberships);
  }

  async function checkInvariants(items: string[], orders: ModelOrder[], memberships: Map<number, ModelMembership>) {
    // The ledger balances, as a whole and transaction by transaction.
    expect(await app.sql(`SELECT transaction_id, sum(amount_cents)::int AS cents FROM commerce_ledger_lines GROUP BY transaction_id HAVING sum(amount_cents) <> 0`)).toEqual([]);
    const trial = (await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token })).body;
    expect(trial.balanced).toBe(true);
    // The provider holds what was captured less what went back out.
    const [clearing] = await app.sql(`SELECT coalesce(sum(amount_cents), 0)::int AS cents FROM commerce_ledger_lines WHERE account = 'assets:psp-clearing:sandbox'`);
    expect(clearing.cents, 'the clearing account against the model').toBe(clearingCents);

    // Each creator's earnings page adds up to the entries of their account; no order took back more of a share than it gave.
    for (const who of [creator, otherCreator]) {
      const [account] = await app.sql(`SELECT coalesce(-sum(amount_cents), 0)::int AS owed FROM commerce_ledger_lines WHERE account = $1`, [`liabilities:creator-payable:${who.id}`]);
      const balance = (await app.request('GET', '/api/v1/creator/earnings', { token: who.token })).body.balances.find((b: { currency: string }) => b.currency === 'CNY') ?? {
        pendingCents: 0,
        availableCents: 0,
        payoutsInProgressCents: 0,
      };
      expect(balance.pendingCents + balance.availableCents + balance.payoutsInProgressCents, `${who.email}'s balance equals their entries`).toBe(account.owed);
      // No creator balance is ever negative: what is taken back beyond it is their debt to us, on its own account.
      expect(account.owed, `${who.email}'s payable`).toBeGreaterThanOrEqual(0);
      const [debt] = await app.sql(`SELECT coalesce(sum(amount_cents), 0)::int AS cents FROM commerce_ledger_lines WHERE account = $1`, [`assets:creator-receivable:${who.id}`]);
      expect(debt.cents, `${who.email}'s debt`).toBeGreaterThanOrEqual(0);
      expect(balance.owedToPlatformCents ?? 0, `${who.email}'s debt on the earnings page`).toBe(debt.cents);
    }
    // Never both: earnings settle a debt before anything is owed.
    expect(
      await app.sql(
        `SELECT split_part(account, ':', 3) AS creator FROM commerce_ledger_lines
          WHERE account LIKE 'liabilities:creator-payable:%' OR account LIKE 'assets:creator-receivable:%'
          GROUP BY 1 HAVING coalesce(-sum(amount_cents) FILTER (WHERE account LIKE 'liabilities:%'), 0) > 0 AND coalesce(sum(amount_cents) FILTER (WHERE account LIKE 'assets:%'), 0) > 0`,
      ),
      'a creator owed money and owing a debt at once',
    ).toEqual([]);
    expect(
      await app.sql(
        // A share given settles a debt or is owed; one taken back comes out of what is owed or becomes a debt: both accounts count.
        `SELECT order_id, split_part(account, ':', 3) AS creator, sum(amount_cents)::int AS cents FROM commerce_ledger_lines
          WHERE (account LIKE 'liabilities:creator-payable:%' OR account LIKE 'assets:creator-receivable:%') AND order_id IS NOT NULL
          GROUP BY 1, 2 HAVING sum(amount_cents) > 0`,
      ),
      'an order that took back more of a creator\'s share than it gave',
    ).toEqual([]);
    // Refunds never exceed captures.
    expect(
      await app.sql(
        `SELECT o.id FROM commerce_orders o LEFT JOIN commerce_refunds r ON r.order_id = o.id
          GROUP BY o.id, o.total_cents, o.refunded_cents HAVING o.refunded_cents > o.total_cents OR coalesce(sum(r.refunded_cents), 0) > o.total_cents`,
      ),
    ).toEqual([]);

    // Every order as the model says.
    for (const order of orders) {
      const view = (await app.request('GET', `/api/v1/me/orders/${order.id}`, { token: learners[order.learner]!.token })).body;
      expect({ id: order.id, status: view.status, refundedCents: view.refundedCents }).toEqual({ id: order.id, status: order.status, refundedCents: order.refundedCents });
    }
    // Each learner reads exactly what a paid order or a paid membership explains.
    for (let learner = 0; learner < LEARNERS; learner++) {
      for (const [index, contentId] of items.entries()) {
        const ordered = orders.some((o) => o.learner === learner && ['paid', 'partially_refunded'].includes(o.status) && o.contentIds.includes(contentId));
        const member = index === 0 && (memberships.get(learner)?.paidOnce ?? false);
        const access = (await app.request('GET', `/api/v1/contents/${contentId}`, { token: learners[learner]!.token })).body.access;
        expect({ learner, item: index, access }).toEqual({ learner, item: index, access: ordered || member ? 'full' : 'preview' });
      }
    }
  }

  it(`keeps money and access right through ${RUNS} random histories of ${OPERATIONS} operations`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 100, max: 30_000 }), { minLength: ITEMS, maxLength: ITEMS }), fc.array(operation, { minLength: OPERATIONS, maxLength: OPERATIONS }), play),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 1_800_000);
});

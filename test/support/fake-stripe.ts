import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';
  client_secret: string;
  description: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
  last_payment_error: null;
  cancellation_reason: string | null;
  customer: string | null;
  payment_method: string | null;
  setup_future_usage: 'off_session' | null;
  off_session?: boolean;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  metadata: Record<string, string>;
  created: number;
}

/** A movement of the platform's Stripe balance, as /v1/balance_transactions lists it (source: the id of what moved it). */
export interface FakeBalanceTransaction {
  id: string;
  object: 'balance_transaction';
  amount: number;
  currency: string;
  created: number;
  available_on: number;
  fee: number;
  net: number;
  status: 'available';
  type: 'charge' | 'payment' | 'refund' | 'payment_refund' | 'adjustment' | 'payment_reversal' | 'payment_failure_refund' | 'stripe_fee';
  reporting_category: 'charge' | 'refund' | 'dispute' | 'dispute_reversal' | 'charge_failure' | 'fee';
  description: string | null;
  source: string | null;
}

export interface FakeDispute {
  id: string;
  object: 'dispute';
  amount: number;
  currency: string;
  charge: string;
  payment_intent: string;
  reason: string;
  status: 'needs_response' | 'won';
  metadata: Record<string, string>;
  created: number;
}

/** Stripe's form encoding (`metadata[key]=value`) back into an object one level deep. */
function parseForm(body: string): Record<string, string | Record<string, string>> {
  const parsed: Record<string, string | Record<string, string>> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const nested = /^(\w+)\[(\w+)\]$/.exec(key);
    if (nested) parsed[nested[1]!] = { ...((parsed[nested[1]!] as Record<string, string>) ?? {}), [nested[2]!]: value };
    else parsed[key] = value;
  }
  return parsed;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * A local stand-in for api.stripe.com that answers the calls Zhiku makes in the shapes Stripe
 * documents (PaymentIntents, Refunds, list envelopes, idempotent retries), and builds the signed
 * webhook notifications Stripe would send about them, with the official SDK's test signer.
 */
export class FakeStripe {
  readonly intents = new Map<string, FakePaymentIntent>();
  readonly refunds: FakeRefund[] = [];
  /** Connected accounts that exist, and the transfers made to them. */
  readonly connectedAccounts = new Set<string>();
  /** Connected accounts made through the API (Connect onboarding), as Stripe describes them. */
  readonly accounts = new Map<string, { id: string; object: 'account'; type: string; metadata: Record<string, string>; payouts_enabled: boolean; charges_enabled: boolean; details_submitted: boolean }>();
  readonly accountLinks: { account: string; type: string; return_url: string; refresh_url: string; url: string }[] = [];
  readonly transfers: { id: string; object: 'transfer'; amount: number; currency: string; destination: string; transfer_group: string | null; metadata: Record<string, string>; reversed: boolean; amount_reversed: number; created: number }[] = [];
  /** The balance's movements (a charge when an intent is paid, a refund, a dispute's withdrawal and reinstatement), and what moved them. */
  readonly balanceTransactions: FakeBalanceTransaction[] = [];
  private readonly sources = new Map<string, object>();
  /** Every call, as method, path and the Idempotency-Key it carried. */
  readonly calls: { method: string; path: string; idempotencyKey: string | undefined }[] = [];
  private readonly byIdempotencyKey = new Map<string, unknown>();
  readonly webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeStripe> {
    let fake: FakeStripe | null = null;
    const server = createServer((request, response) => void fake!.handle(request, response));
    fake = new FakeStripe(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The env an app needs to talk to this fake as its Stripe. */
  env(): Record<string, string> {
    return { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_zhiku_0123456789', STRIPE_WEBHOOK_SECRET: this.webhookSecret, STRIPE_API_URL: this.url };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  intentFor(paymentId: string): FakePaymentIntent | undefined {
    return [...this.intents.values()].find((intent) => intent.metadata.zhiku_payment_id === paymentId);
  }

  /** The buyer paid at Stripe (Stripe.js confirmed the intent with a card): its Charge moves the balance. */
  pay(intent: FakePaymentIntent, amountReceived = intent.amount): FakePaymentIntent {
    Object.assign(intent, { status: 'succeeded', amount_received: amountReceived, payment_method: intent.payment_method ?? id('pm') });
    this.charge(intent);
    return intent;
  }

  /** The balance transaction a payment, refund or dispute made (the first, for a dispute: its withdrawal). */
  balanceTransactionOf(object: FakePaymentIntent | FakeRefund | FakeDispute): FakeBalanceTransaction | undefined {
    const source = object.object === 'payment_intent' ? this.chargeOf(object.id)?.id : object.id;
    return this.balanceTransactions.find((txn) => txn.source === source);
  }

  /** A refund made at Stripe itself (its dashboard), with our metadata or none. */
  refundAtStripe(intent: FakePaymentIntent, amount: number, metadata: Record<string, string> = {}): FakeRefund {
    const refund: FakeRefund = { id: id('re'), object: 'refund', amount, currency: intent.currency, payment_intent: intent.id, status: 'succeeded', metadata, created: Math.floor(Date.now() / 1000) };
    this.refunds.push(refund);
    this.move(refund.id, refund, -amount, intent.currency, this.paidByCard(intent.id) ? 'refund' : 'payment_refund', 'refund');
    return refund;
  }

  /** The payer's bank disputes a payment: the disputed amount (and a fee) leave the balance at once. */
  dispute(intent: FakePaymentIntent, amount = intent.amount_received): FakeDispute {
    const dispute: FakeDispute = {
      id: id('du'),
      object: 'dispute',
      amount,
      currency: intent.currency,
      charge: this.chargeOf(intent.id)!.id,
      payment_intent: intent.id,
      reason: 'fraudulent',
      status: 'needs_response',
      metadata: {},
      created: Math.floor(Date.now() / 1000),
    };
    this.move(dispute.id, dispute, -amount, intent.currency, 'adjustment', 'dispute', 1500);
    return dispute;
  }

  /** The dispute was won: the amount comes back (the fee does not). */
  winDispute(dispute: FakeDispute): void {
    dispute.status = 'won';
    this.move(dispute.id, dispute, dispute.amount, dispute.currency, 'adjustment', 'dispute_reversal');
  }

  /**
   * The buyer paid with a method other than a card (a bank debit): Stripe's balance moves by a
   * `payment` whose source is the Charge (a `py_…` id), and such a payment can be reversed later.
   */
  payWithoutCard(intent: FakePaymentIntent): FakePaymentIntent {
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, payment_method: intent.payment_method ?? id('pm') });
    this.charge(intent, 'payment');
    return intent;
  }

  /** The payer's bank reversed a non-card payment (`payment_reversal`, the Charge its source): the amount leaves the balance. */
  reversePayment(intent: FakePaymentIntent, amount = intent.amount_received): void {
    const charge = this.chargeOf(intent.id)!;
    this.move(charge.id, charge, -amount, intent.currency, 'payment_reversal', 'dispute');
  }

  /** A non-card payment counted as paid failed after all (`payment_failure_refund`, the Charge its source). */
  failPaymentLater(intent: FakePaymentIntent): void {
    const charge = this.chargeOf(intent.id)!;
    this.move(charge.id, charge, -intent.amount_received, intent.currency, 'payment_failure_refund', 'charge_failure');
  }

  /** A fee Stripe charged on its own (a `stripe_fee` movement: its amount is what Stripe took, no source). */
  chargeFee(amount: number, currency = 'cny'): void {
    this.move(null, null, -amount, currency, 'stripe_fee', 'fee');
  }

  private paidByCard(intentId: string): boolean {
    return !this.chargeOf(intentId)?.id.startsWith('py_');
  }

  private chargeOf(intentId: string): { id: string } | undefined {
    return [...this.sources.values()].find((each) => (each as { object: string; payment_intent?: string }).object === 'charge' && (each as { payment_intent: string }).payment_intent === intentId) as { id: string } | undefined;
  }

  private charge(intent: FakePaymentIntent, type: 'charge' | 'payment' = 'charge'): void {
    if (this.chargeOf(intent.id)) return;
    // A Charge does not carry the PaymentIntent's metadata here: whoever reads it finds the payment by its intent.
    const charge = { id: id(type === 'charge' ? 'ch' : 'py'), object: 'charge', amount: intent.amount, amount_captured: intent.amount_received, currency: intent.currency, payment_intent: intent.id, status: 'succeeded', paid: true, metadata: {}, created: Math.floor(Date.now() / 1000) };
    this.move(charge.id, charge, intent.amount_received, intent.currency, type, 'charge', Math.round(intent.amount_received * 0.029) + 30);
  }

  private move(sourceId: string | null, source: object | null, amount: number, currency: string, type: FakeBalanceTransaction['type'], category: FakeBalanceTransaction['reporting_category'], fee = 0): void {
    if (sourceId && source) this.sources.set(sourceId, source);
    const created = Math.floor(Date.now() / 1000);
    this.balanceTransactions.push({ id: id('txn'), object: 'balance_transaction', amount, currency, created, available_on: created + 2 * 86_400, fee, net: amount - fee, status: 'available', type, reporting_category: category, description: null, source: sourceId });
  }

  /** A notification as Stripe sends it: the event's JSON and its Stripe-Signature header. */
  notification(type: string, object: object, options: { eventId?: string; secret?: string; timestamp?: number } = {}) {
    const event = {
      id: options.eventId ?? id('evt'),
      object: 'event',
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      type,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    };
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? this.webhookSecret, timestamp: options.timestamp });
    return { event, payload, signature };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url!, 'http://stripe.local');
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    this.calls.push({ method: request.method!, path: url.pathname, idempotencyKey });
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== 'Bearer sk_test_zhiku_0123456789') {
      return answer(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    if (idempotencyKey && request.method === 'POST' && this.byIdempotencyKey.has(idempotencyKey)) return answer(200, this.byIdempotencyKey.get(idempotencyKey));
    const form = parseForm(Buffer.concat(chunks).toString('utf8'));
    const created = (body: unknown) => {
      if (idempotencyKey) this.byIdempotencyKey.set(idempotencyKey, body);
      answer(200, body);
    };
    const intentPath = /^\/v1\/payment_intents\/(pi_\w+)$/.exec(url.pathname);
    if (request.method === 'POST' && url.pathname === '/v1/payment_intents') {
      const intentId = id('pi');
      const intent: FakePaymentIntent = {
        id: intentId,
        object: 'payment_intent',
        amount: Number(form.amount),
        amount_received: 0,
        currency: String(form.currency),
        status: 'requires_payment_method',
        client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
        description: (form.description as string) ?? null,
        metadata: (form.metadata as Record<string, string>) ?? {},
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        last_payment_error: null,
        cancellation_reason: null,
        customer: (form.customer as string) ?? null,
        payment_method: (form.payment_method as string) ?? null,
        setup_future_usage: (form.setup_future_usage as 'off_session') ?? null,
        ...(form.off_session === 'true' && { off_session: true }),
      };
      // Confirmed at once with a saved card (an off-session renewal): it goes through.
      if (form.confirm === 'true' && intent.payment_method) {
        Object.assign(intent, { status: 'succeeded', amount_received: intent.amount });
        this.charge(intent);
      }
      this.intents.set(intent.id, intent);
      return created(intent);
    }
    if (request.method === 'POST' && url.pathname === '/v1/customers') {
      return created({ id: id('cus'), object: 'customer', metadata: (form.metadata as Record<string, string>) ?? {}, created: Math.floor(Date.now() / 1000) });
    }
    if (request.method === 'GET' && intentPath) {
      const intent = this.intents.get(intentPath[1]!);
      return intent ? answer(200, intent) : answer(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } });
    }
    if (request.method === 'GET' && url.pathname === '/v1/payment_intents') {
      const gte = Number(url.searchParams.get('created[gte]') ?? 0);
      const lt = Number(url.searchParams.get('created[lt]') ?? Number.MAX_SAFE_INTEGER);
      const data = [...this.intents.values()].filter((intent) => intent.created >= gte && intent.created < lt);
      return answer(200, { object: 'list', data, has_more: false, url: '/v1/payment_intents' });
    }
    if (request.method === 'POST' && url.pathname === '/v1/refunds') {
      const intent = this.intents.get(String(form.payment_intent));
      if (!intent) return answer(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } });
      const refund: FakeRefund = {
        id: id('re'),
        object: 'refund',
        amount: Number(form.amount ?? intent.amount_received),
        currency: intent.currency,
        payment_intent: intent.id,
        status: 'succeeded',
        metadata: (form.metadata as Record<string, string>) ?? {},
        created: Math.floor(Date.now() / 1000),
      };
      this.refunds.push(refund);
      this.move(refund.id, refund, -refund.amount, refund.currency, this.paidByCard(intent.id) ? 'refund' : 'payment_refund', 'refund');
      return created(refund);
    }
    if (request.method === 'POST' && url.pathname === '/v1/transfers') {
      const destination = String(form.destination);
      if (!this.connectedAccounts.has(destination)) {
        return answer(400, { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'destination', message: `No such destination: '${destination}'` } });
      }
      const transfer = {
        id: id('tr'),
        object: 'transfer' as const,
        amount: Number(form.amount),
        currency: String(form.currency),
        destination,
        transfer_group: (form.transfer_group as string) ?? null,
        metadata: (form.metadata as Record<string, string>) ?? {},
        reversed: false,
        amount_reversed: 0,
        created: Math.floor(Date.now() / 1000),
      };
      this.transfers.push(transfer);
      return created(transfer);
    }
    if (request.method === 'POST' && url.pathname === '/v1/accounts') {
      const account = {
        id: id('acct'),
        object: 'account' as const,
        type: String(form.type),
        metadata: (form.metadata as Record<string, string>) ?? {},
        payouts_enabled: false,
        charges_enabled: false,
        details_submitted: false,
      };
      this.accounts.set(account.id, account);
      this.connectedAccounts.add(account.id);
      return created(account);
    }
    if (request.method === 'POST' && url.pathname === '/v1/account_links') {
      const account = String(form.account);
      if (!this.connectedAccounts.has(account)) return answer(400, { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'account', message: `No such account: '${account}'` } });
      const link = { account, type: String(form.type), return_url: String(form.return_url), refresh_url: String(form.refresh_url), url: `https://connect.stripe.com/setup/e/${account}/${randomBytes(8).toString('hex')}` };
      this.accountLinks.push(link);
      return created({ object: 'account_link', created: Math.floor(Date.now() / 1000), expires_at: Math.floor(Date.now() / 1000) + 300, url: link.url });
    }
    if (request.method === 'GET' && url.pathname === '/v1/balance_transactions') {
      const gte = Number(url.searchParams.get('created[gte]') ?? 0);
      const lt = Number(url.searchParams.get('created[lt]') ?? Number.MAX_SAFE_INTEGER);
      const expanded = [...url.searchParams].some(([key, value]) => key.startsWith('expand') && value === 'data.source');
      const data = this.balanceTransactions
        .filter((txn) => txn.created >= gte && txn.created < lt)
        .map((txn) => (expanded && txn.source ? { ...txn, source: this.sources.get(txn.source) ?? txn.source } : txn));
      return answer(200, { object: 'list', data, has_more: false, url: '/v1/balance_transactions' });
    }
    if (request.method === 'GET' && url.pathname === '/v1/transfers') {
      const group = url.searchParams.get('transfer_group');
      return answer(200, { object: 'list', data: this.transfers.filter((each) => group === null || each.transfer_group === group), has_more: false, url: '/v1/transfers' });
    }
    answer(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${url.pathname})` } });
  }
}

import { HttpProblem } from '#platform';
import Stripe from 'stripe';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type {
  Checkout,
  PaymentProvider,
  PaymentRequest,
  PaymentStatus,
  ProviderEvent,
  PayoutRequest,
  ProviderNotification,
  RefundRequest,
  RenewalCharge,
  Settlement,
} from './payment-provider.js';
import { payoutOutcome, payoutReversal } from './payment-provider.js';
import type { ProviderCustomers } from './provider-customers.js';
import type { ProviderPaymentRefs } from './provider-payment-refs.js';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** Where the SDK sends its calls instead of api.stripe.com (a local server in tests). */
  apiUrl: string | null;
  toleranceSeconds: number;
}

/** Our payment id travels in the PaymentIntent's metadata, and our refund id in the Refund's. */
const PAYMENT_KEY = 'zhiku_payment_id';
const REFUND_KEY = 'zhiku_refund_id';
const PAYOUT_KEY = 'zhiku_payout_id';
/** The creator a connected account was made for (Connect onboarding) travels in the account's metadata. */
const CREATOR_KEY = 'zhiku_user_id';
/** Balance transactions whose source is a Refund: paid back (negative), or given back when it failed (positive). */
const REFUND_MOVEMENTS: string[] = ['refund', 'payment_refund', 'refund_failure', 'payment_failure_refund'];
/** Fees Stripe charges as movements of their own (their amount is negative: what Stripe took). */
const FEES_CHARGED_ALONE: string[] = ['stripe_fee', 'stripe_fx_fee', 'tax_fee'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Stripe amounts are in the currency's minor unit already, as ours are; its currency codes are lower case. */
const currencyOf = (stripeCurrency: string) => stripeCurrency.toUpperCase();

/**
 * Stripe through its official SDK: a PaymentIntent per payment (the client confirms it with
 * Stripe.js and its client_secret), refunds by the SDK, and notifications verified by
 * `stripe.webhooks.constructEvent` with the endpoint's signing secret.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  /** The day's balance transactions are listed by UTC day. */
  readonly settlementTimeZone = 'UTC';
  readonly reportsRefunds = true;
  readonly reportsChargebacks = true;
  readonly reversesPayouts = true;
  readonly answer = null;
  private readonly stripe: Stripe;

  constructor(
    private readonly settings: StripeSettings,
    private readonly refs: ProviderPaymentRefs,
    private readonly customers: ProviderCustomers,
  ) {
    const api = settings.apiUrl ? new URL(settings.apiUrl) : null;
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      ...(api && { host: api.hostname, port: api.port || (api.protocol === 'https:' ? 443 : 80), protocol: api.protocol === 'https:' ? 'https' : 'http' }),
    });
  }

  /** A membership's charge is made for the member's Customer and keeps the card for renewals (setup_future_usage). */
  async createCheckout({ paymentId, amountCents, currency, description, customerId }: PaymentRequest): Promise<Checkout> {
    const customer = customerId ? await this.customerFor(customerId) : null;
    // The same payment asked twice (a retry, two tabs) is the same PaymentIntent.
    const intent = await this.stripe.paymentIntents.create(
      {
        amount: amountCents,
        currency: currency.toLowerCase(),
        description,
        metadata: { [PAYMENT_KEY]: paymentId },
        ...(customer && { customer, setup_future_usage: 'off_session' as const }),
      },
      { idempotencyKey: `zhiku-payment-${paymentId}` },
    );
    await this.refs.remember(paymentId, intent.id);
    return { provider: this.name, paymentId, url: null, clientSecret: intent.client_secret };
  }

  /** A renewal charged off-session to the card the member saved; Stripe's notification says how it went. */
  async chargeSavedMethod({ paymentId, amountCents, currency, description, customerId }: PaymentRequest & { customerId: string }): Promise<RenewalCharge> {
    const saved = await this.customers.customerOf(customerId);
    if (!saved?.paymentMethodRef) return { charged: false };
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: amountCents,
          currency: currency.toLowerCase(),
          description,
          customer: saved.customerRef,
          payment_method: saved.paymentMethodRef,
          off_session: true,
          confirm: true,
          metadata: { [PAYMENT_KEY]: paymentId },
        },
        { idempotencyKey: `zhiku-payment-${paymentId}` },
      );
      await this.refs.remember(paymentId, intent.id);
    } catch (error) {
      // A declined card: the PaymentIntent exists, failed, and payment_intent.payment_failed follows.
      if (!(error instanceof Stripe.errors.StripeCardError)) throw error;
    }
    return { charged: true, confirmed: null };
  }

  private async customerFor(userId: string): Promise<string> {
    const known = await this.customers.customerOf(userId);
    if (known) return known.customerRef;
    const customer = await this.stripe.customers.create({ metadata: { zhiku_user_id: userId } }, { idempotencyKey: `zhiku-customer-${userId}` });
    await this.customers.remember(userId, customer.id);
    return customer.id;
  }

  /** Stripe confirms with refund.created/refund.updated notifications. */
  async refund({ paymentId, refundId, amountCents }: RefundRequest): Promise<null> {
    const intent = await this.refs.refOf(paymentId);
    if (!intent) throw new Error(`No Stripe PaymentIntent is known for payment ${paymentId}`);
    await this.stripe.refunds.create(
      { payment_intent: intent, amount: amountCents, metadata: { [PAYMENT_KEY]: paymentId, [REFUND_KEY]: refundId } },
      { idempotencyKey: `zhiku-refund-${refundId}` },
    );
    return null;
  }

  /**
   * A Transfer from the platform's balance to the creator's connected account (Stripe then pays it
   * out to their bank on the account's schedule). Stripe answers at once: made, or refused (no such
   * account, the balance short) — a refusal fails the payout and the money stays the creator's.
   */
  async payout({ payoutId, amountCents, currency, payee }: PayoutRequest): Promise<ProviderEvent> {
    if (!payee) return payoutOutcome(this.name, payoutId, { paid: false, reason: 'no Stripe account to pay' });
    try {
      await this.stripe.transfers.create(
        { amount: amountCents, currency: currency.toLowerCase(), destination: payee.account, transfer_group: `zhiku-payout-${payoutId}`, metadata: { [PAYOUT_KEY]: payoutId } },
        { idempotencyKey: `zhiku-payout-${payoutId}` },
      );
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error; // Stripe unreachable: the job retries, the key keeps it one transfer
      return payoutOutcome(this.name, payoutId, { paid: false, reason: error.message });
    }
    return payoutOutcome(this.name, payoutId, { paid: true });
  }

  /** The transfer made for a payout, if any: paid, or paid and (partly) taken back since (`amount_reversed`). */
  async queryPayout({ payoutId }: PayoutRequest): Promise<ProviderEvent | null> {
    const transfers = await this.stripe.transfers.list({ transfer_group: `zhiku-payout-${payoutId}`, limit: 1 });
    const transfer = transfers.data[0];
    if (!transfer) return null;
    if (transfer.amount_reversed > 0) return payoutReversal(this.name, payoutId, transfer.amount_reversed, 'transfer reversed');
    return payoutOutcome(this.name, payoutId, { paid: true });
  }

  /**
   * Connect onboarding: the creator's Express connected account (made once per creator: the
   * idempotency key and our metadata name them), then a single-use link to Stripe's hosted onboarding.
   */
  async connectedAccountFor(creatorId: string): Promise<string> {
    const account = await this.stripe.accounts.create(
      { type: 'express', metadata: { [CREATOR_KEY]: creatorId }, capabilities: { transfers: { requested: true } } },
      { idempotencyKey: `zhiku-connect-${creatorId}` },
    );
    return account.id;
  }

  async onboardingLink(account: string, returnUrl: string, refreshUrl: string): Promise<{ url: string; expiresAt: string }> {
    const link = await this.stripe.accountLinks.create({ account, type: 'account_onboarding', return_url: returnUrl, refresh_url: refreshUrl });
    return { url: link.url, expiresAt: new Date(link.expires_at * 1000).toISOString() };
  }

  async queryPayment(paymentId: string): Promise<PaymentStatus> {
    const ref = await this.refs.refOf(paymentId);
    if (!ref) return { status: 'pending' }; // never opened at Stripe: nobody can have paid it
    const intent = await this.stripe.paymentIntents.retrieve(ref);
    if (intent.status === 'succeeded') return { status: 'succeeded', amountCents: intent.amount_received, currency: currencyOf(intent.currency) };
    if (intent.status === 'canceled') return { status: 'failed', reason: intent.cancellation_reason ?? 'canceled' };
    return { status: 'pending' };
  }

  /**
   * The day's balance transactions (UTC), each with its source: what Stripe's books moved, not what
   * PaymentIntents say. A payment (`charge` for a card, `payment` for other methods) is a capture; a
   * movement whose source is a Refund (`refund`, `payment_refund`; `refund_failure`,
   * `payment_failure_refund` when a refund failed and came back) is a refund by our refund id
   * (Stripe's, for one made in its dashboard); a movement that takes a payment's money back is a
   * chargeback: an `adjustment` or `payment_reversal` whose source is a Dispute (a dispute won
   * reinstates it), and a `payment_reversal` or `payment_failure_refund` whose source is the Charge
   * itself (a non-card payment reversed, or failing after it was counted). Every movement's `fee`,
   * and fees charged on their own (`stripe_fee`, `stripe_fx_fee`, `tax_fee`: their amount), are the
   * day's fees. Other types (payouts, transfers, reserves) are not payments of ours. Payments are
   * named by our payment id (the PaymentIntent's metadata, asked once for an intent we did not remember).
   */
  async listSettlements(day: string): Promise<Settlement[]> {
    const from = Date.parse(`${day}T00:00:00Z`) / 1000;
    const settlements: Settlement[] = [];
    const intents = new Map<string, string | null>();
    const paymentOf = async (intent: string | { id: string } | null | undefined, metadata?: Stripe.Metadata | null): Promise<string | null> => {
      const id = typeof intent === 'string' ? intent : intent?.id;
      if (metadata?.[PAYMENT_KEY]) return metadata[PAYMENT_KEY];
      if (!id) return null;
      if (!intents.has(id)) intents.set(id, (await this.refs.paymentIdOf(id)) ?? (await this.stripe.paymentIntents.retrieve(id)).metadata[PAYMENT_KEY] ?? null);
      return intents.get(id)!;
    };
    for await (const txn of this.stripe.balanceTransactions.list({ created: { gte: from, lt: from + 86_400 }, limit: 100, expand: ['data.source'] })) {
      const currency = currencyOf(txn.currency);
      const fee = txn.fee + (FEES_CHARGED_ALONE.includes(txn.type) ? -txn.amount : 0);
      if (fee !== 0) settlements.push({ paymentId: '', fee: true, amountCents: fee, currency });
      const source = txn.source;
      if (source === null || typeof source === 'string') continue;
      if ((txn.type === 'charge' || txn.type === 'payment') && source.object === 'charge') {
        const paymentId = await paymentOf(source.payment_intent, source.metadata);
        if (paymentId) settlements.push({ paymentId, amountCents: txn.amount, currency });
      } else if (REFUND_MOVEMENTS.includes(txn.type) && source.object === 'refund') {
        const paymentId = await paymentOf(source.payment_intent, source.metadata);
        if (paymentId) settlements.push({ paymentId, refundId: source.metadata?.[REFUND_KEY] ?? source.id, amountCents: -txn.amount, currency });
      } else if ((txn.type === 'adjustment' || txn.type === 'payment_reversal') && source.object === 'dispute') {
        const paymentId = await paymentOf(source.payment_intent);
        if (paymentId) settlements.push({ paymentId, chargeback: true, amountCents: -txn.amount, currency });
      } else if ((txn.type === 'payment_reversal' || txn.type === 'payment_failure_refund') && source.object === 'charge') {
        const paymentId = await paymentOf(source.payment_intent, source.metadata);
        if (paymentId) settlements.push({ paymentId, chargeback: true, amountCents: -txn.amount, currency });
      }
    }
    return settlements;
  }

  async verifyNotification({ headers, rawBody }: ProviderNotification): Promise<ProviderEvent> {
    const header = headers['stripe-signature'];
    if (typeof header !== 'string' || header === '') throw CommerceErrors.webhookSignature('malformed');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, header, this.settings.webhookSecret, this.settings.toleranceSeconds);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) throw error;
      if (/tolerance/i.test(error.message)) throw CommerceErrors.webhookSignature('stale');
      if (/unable to extract|expected scheme/i.test(error.message)) throw CommerceErrors.webhookSignature('malformed');
      throw CommerceErrors.webhookSignature('mismatch');
    }
    return this.translate(event);
  }

  /** Stripe's event in the inbox's words; types we do not act on keep Stripe's name, prefixed. */
  private async translate(event: Stripe.Event): Promise<ProviderEvent> {
    const object = event.data.object as { id?: unknown };
    if (typeof object?.id !== 'string') {
      throw HttpProblem.forFields(400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID', 'The notification cannot be read.', [
        { field: 'data.object.id', messages: ['data.object.id must be a string'] },
      ]);
    }
    const other: ProviderEvent = { id: event.id, type: `stripe.${event.type}`, data: { objectId: object.id } };
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        const paymentId = intent.metadata?.[PAYMENT_KEY] ?? (await this.refs.paymentIdOf(intent.id));
        if (!paymentId) return other; // not a payment of ours (another integration on the same account)
        // The member agreed to keep the card for renewals: it is the one charged next time.
        if (event.type === 'payment_intent.succeeded' && intent.setup_future_usage === 'off_session' && typeof intent.customer === 'string' && typeof intent.payment_method === 'string') {
          await this.customers.savePaymentMethod(intent.customer, intent.payment_method);
        }
        if (event.type === 'payment_intent.payment_failed') {
          return { id: event.id, type: 'payment.failed', data: { paymentId, reason: intent.last_payment_error?.message ?? 'payment failed' } };
        }
        return { id: event.id, type: 'payment.succeeded', data: { paymentId, amountCents: intent.amount_received, currency: currencyOf(intent.currency) } };
      }
      case 'refund.created':
      case 'refund.updated': {
        const refund = event.data.object;
        const intent = typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
        const paymentId = refund.metadata?.[PAYMENT_KEY] ?? (intent ? await this.refs.paymentIdOf(intent) : null);
        // Only money that moved counts; a refund made in Stripe's dashboard is known by Stripe's id.
        if (refund.status !== 'succeeded' || !paymentId) return other;
        return { id: event.id, type: 'refund.succeeded', data: { paymentId, refundId: refund.metadata?.[REFUND_KEY] ?? refund.id, amountCents: refund.amount } };
      }
      case 'transfer.reversed':
      case 'transfer.updated': {
        // A transfer taken back (Stripe's dashboard, or the API): the creator was not paid that much after all.
        const transfer = event.data.object;
        const payoutId = transfer.metadata?.[PAYOUT_KEY];
        if (!payoutId || !(transfer.amount_reversed > 0)) return other;
        return { ...payoutReversal(this.name, payoutId, transfer.amount_reversed, 'transfer reversed'), id: event.id };
      }
      case 'account.updated': {
        // A connected account we made for a creator: whether Stripe pays out there now.
        const account = event.data.object;
        const creatorId = account.metadata?.[CREATOR_KEY];
        if (!creatorId || !UUID.test(creatorId)) return other;
        return { id: event.id, type: 'payout_account.updated', data: { objectId: account.id, creatorId, payoutsEnabled: account.payouts_enabled === true } };
      }
      case 'charge.dispute.created': {
        const dispute = event.data.object;
        const intent = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
        const paymentId = intent ? await this.refs.paymentIdOf(intent) : null;
        if (!paymentId) return other;
        return { id: event.id, type: 'payment.charged_back', data: { paymentId, amountCents: dispute.amount } };
      }
      default:
        return other;
    }
  }
}

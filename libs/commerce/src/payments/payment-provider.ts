/**
 * The port every payment provider sits behind. Commerce speaks only these words; an adapter
 * (sandbox, stripe, alipay, wechatpay) turns them into its provider's API calls and turns the
 * provider's notifications back into ProviderEvents, which the webhook inbox applies.
 *
 * Payment ids are ours (`pay_…`, chosen when an order or a membership charge is opened): an adapter
 * hands them to its provider as the merchant's reference (Stripe metadata, Alipay/WeChat
 * out_trade_no) and reads them back from its notifications, so nothing waits on a provider to name
 * a payment, and no outbound call happens inside a database transaction.
 */
import type { PayoutPayee } from '../domain/payout-events.js';
import type { Period } from '../domain/periods.js';

export type ProviderName = 'sandbox' | 'stripe' | 'alipay' | 'wechatpay';

export const PROVIDER_NAMES: readonly ProviderName[] = ['sandbox', 'stripe', 'alipay', 'wechatpay'];

/**
 * A provider event in the words of the inbox: payment.succeeded, payment.failed, refund.succeeded,
 * payment.charged_back, payout.paid, payout.failed, payout.reversed (amountCents: all taken back so
 * far), payout_account.updated (a creator's account at the provider: whether it pays out there); any
 * other type is stored and acknowledged.
 */
export interface ProviderEvent {
  id: string;
  type: string;
  data: {
    paymentId?: string;
    payoutId?: string;
    amountCents?: number;
    currency?: string;
    reason?: string;
    refundId?: string;
    /** The provider object an event of a type we do not act on is about (kept for the inbox); a payout account's id. */
    objectId?: string;
    /** payout_account.updated: whose account it is (ours, as we told the provider), and whether it pays out there now. */
    creatorId?: string;
    payoutsEnabled?: boolean;
  };
}

/** A notification as it reached us: the exact bytes (signatures are over them) and the headers. */
export interface ProviderNotification {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

/** What the provider expects back once its notification is stored (null: our JSON acknowledgement). */
export interface NotificationAnswer {
  contentType: string;
  body: string;
}

export interface PaymentRequest {
  /** Ours: the reference the provider keeps and names in its notifications. */
  paymentId: string;
  amountCents: number;
  currency: string;
  description: string;
  /** The member, when what is paid may be kept for renewals (a membership's charge). */
  customerId?: string;
  /** How often a membership renews (a deduction agreement states it: Alipay's 周期扣款). */
  renewsEvery?: Period;
  /** The paying member's address and User-Agent, when they open the checkout themselves (WeChat Pay's pre-signing wants their device). */
  device?: { ip: string | null; userAgent: string | null };
}

/** What a buyer needs to pay at the provider: a page to open or a secret for the provider's client SDK. */
export interface Checkout {
  provider: ProviderName;
  paymentId: string;
  /** A page to send the buyer to (hosted checkout, Alipay's cashier, WeChat's QR code link). */
  url: string | null;
  /** For the provider's own client SDK (Stripe's PaymentIntent client_secret). */
  clientSecret: string | null;
  /**
   * A page where the member agrees to be charged for renewals, when that is a step apart from
   * paying (WeChat Pay's 委托代扣 signing); absent when paying agrees too, or nothing is to agree.
   */
  agreementUrl?: string;
}

/**
 * What asking for a renewal charge did: nothing (no saved method or agreement: the member pays
 * through the checkout), or a charge whose outcome comes later (a notification, reconciliation) or
 * at once: then `confirmed` is that outcome as a provider event, for the inbox.
 */
export type RenewalCharge = { charged: false } | { charged: true; confirmed: ProviderEvent | null };

export interface RefundRequest {
  paymentId: string;
  /** Ours: the provider refunds once per id, however often we ask. */
  refundId: string;
  amountCents: number;
  currency: string;
  /** The payment's whole amount (Alipay and WeChat Pay want it with each refund). */
  paymentAmountCents: number;
}

export interface PayoutRequest {
  /** Ours: the provider pays once per id, however often we ask. */
  payoutId: string;
  creatorId: string;
  amountCents: number;
  currency: string;
  /** Where the creator is paid at this provider (null at the sandbox, which pays nobody real). */
  payee: PayoutPayee | null;
}

/**
 * The provider's word on a payout as an inbox event. Its id depends only on the payout and the
 * outcome, so the answer to the instruction, a later query and a rerun are one event, applied once.
 */
export const payoutOutcome = (provider: ProviderName, payoutId: string, outcome: { paid: true } | { paid: false; reason: string }): ProviderEvent =>
  outcome.paid
    ? { id: `${provider}-payout:${payoutId}:paid`, type: 'payout.paid', data: { payoutId } }
    : { id: `${provider}-payout:${payoutId}:failed`, type: 'payout.failed', data: { payoutId, reason: outcome.reason } };

/** The provider's transfer waits for its payee to confirm it (WeChat Pay's WAIT_USER_CONFIRM): one event per payout, however often it is seen. */
export const payoutAwaitingConfirmation = (provider: ProviderName, payoutId: string): ProviderEvent => ({
  id: `${provider}-payout:${payoutId}:awaiting-confirmation`,
  type: 'payout.awaiting_confirmation',
  data: { payoutId },
});

/** The provider took back `reversedCents` in all of a payout it made; one event per total, so every way of hearing it is one. */
export const payoutReversal = (provider: ProviderName, payoutId: string, reversedCents: number, reason: string): ProviderEvent => ({
  id: `${provider}-payout:${payoutId}:reversed:${reversedCents}`,
  type: 'payout.reversed',
  data: { payoutId, amountCents: reversedCents, reason },
});

/** What the provider says became of a payment. */
export type PaymentStatus =
  | { status: 'succeeded'; amountCents: number; currency: string }
  | { status: 'failed'; reason: string }
  | { status: 'pending' }
  /** The provider cannot be asked (the built-in sandbox keeps no state of its own). */
  | { status: 'unknown' };

/**
 * One captured payment in a provider's settlement report for a day; with `refundId`, one refund of it
 * paid back that day; with `chargeback`, money its payer's bank took back that day (amountCents: what
 * was paid or taken back; negative when it came back, a refund that failed, a dispute won); with
 * `fee`, what the provider kept as its fees (paymentId ''; negative when it gave a fee back).
 */
export interface Settlement {
  paymentId: string;
  amountCents: number;
  currency: string;
  refundId?: string;
  chargeback?: true;
  fee?: true;
}

export interface PaymentProvider {
  readonly name: ProviderName;
  /** Opens the payment at the provider (idempotent by paymentId) and says how the buyer pays it. */
  createCheckout(request: PaymentRequest): Promise<Checkout>;
  /**
   * Charges the member's saved payment method or deduction agreement for a renewal (idempotent by
   * paymentId). Nothing is charged when the member saved none: they pay through the checkout.
   */
  chargeSavedMethod(request: PaymentRequest & { customerId: string }): Promise<RenewalCharge>;
  /**
   * Asks the provider to pay money back (idempotent by refundId). It confirms with a refund.succeeded
   * notification, or at once: then the answer is that event, for the inbox.
   */
  refund(request: RefundRequest): Promise<ProviderEvent | null>;
  /**
   * Asks the provider to pay a creator (idempotent by payoutId). Its answer is the outcome when the
   * provider gives one at once (payout.paid / payout.failed, for the inbox); null while it is pending:
   * then a notification or queryPayout tells.
   */
  payout(request: PayoutRequest): Promise<ProviderEvent | null>;
  /** What became of a payout asked for earlier: its outcome event, or null while it is still pending (or unknown). */
  queryPayout(request: PayoutRequest): Promise<ProviderEvent | null>;
  queryPayment(paymentId: string): Promise<PaymentStatus>;
  /** The payments the provider settled on a day (YYYY-MM-DD in `settlementTimeZone`), and the refunds it paid back if its report lists them; null when it gives no such report. */
  listSettlements(day: string): Promise<Settlement[] | null>;
  /** Whether it can take back a payout after paying it (a Stripe transfer reversed): then paid payouts are asked about again, daily. */
  readonly reversesPayouts: boolean;
  /** Whether its settlement reports list the refunds paid back that day (Stripe's balance transactions, Alipay's and WeChat Pay's bills do): then they are compared with the ledger's. */
  readonly reportsRefunds: boolean;
  /** Whether its settlement reports list chargebacks (Stripe's balance transactions: disputes): then they are compared with the ledger's. */
  readonly reportsChargebacks: boolean;
  /** The time zone whose calendar days the provider's settlement reports follow (Alipay's and WeChat Pay's bills: Beijing's). */
  readonly settlementTimeZone: string;
  /**
   * Verifies a notification as the provider specifies (throws 401 COMMERCE.WEBHOOK_SIGNATURE_* when it
   * does not verify, 400 COMMERCE.WEBHOOK_PAYLOAD_INVALID when it cannot be read) and translates it.
   */
  verifyNotification(notification: ProviderNotification): Promise<ProviderEvent>;
  /** The body the provider wants once a notification is stored; null: our JSON acknowledgement. */
  readonly answer: NotificationAnswer | null;
}

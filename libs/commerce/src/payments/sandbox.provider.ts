import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { HttpProblem } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { SandboxWebhookDto } from '../http/commerce.dto.js';
import type { Checkout, PaymentProvider, PaymentRequest, PaymentStatus, ProviderEvent, ProviderNotification, RenewalCharge } from './payment-provider.js';
import { verifySandboxSignature } from './sandbox-signature.js';

const flatten = (errors: ValidationError[], parent = ''): { field: string; messages: string[] }[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    return [...(error.constraints ? [{ field, messages: Object.values(error.constraints) }] : []), ...flatten(error.children ?? [], field)];
  });

/**
 * The built-in provider: it keeps no state and makes no calls. A payment is paid, refunded or
 * charged back, and a payout paid, when its signed notification arrives (the tests and a developer
 * send them by hand: `npm run zhiku -- secrets show sandbox-webhook`).
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;
  /** The sandbox gives no report. */
  readonly settlementTimeZone = 'UTC';
  readonly reportsRefunds = false;
  readonly reportsChargebacks = false;
  readonly reversesPayouts = false;
  readonly answer = null;

  constructor(
    private readonly secret: string,
    private readonly toleranceSeconds: number,
  ) {}

  async createCheckout({ paymentId }: PaymentRequest): Promise<Checkout> {
    return { provider: this.name, paymentId, url: null, clientSecret: null };
  }

  /** The sandbox's renewal charges are paid by hand, by a signed payment.succeeded. */
  async chargeSavedMethod(): Promise<RenewalCharge> {
    return { charged: false };
  }

  async refund(): Promise<null> {
    return null;
  }

  /** The sandbox's payouts are confirmed by a signed payout.paid / payout.failed, by hand or by tests. */
  async payout(): Promise<null> {
    return null;
  }

  async queryPayout(): Promise<null> {
    return null;
  }

  async queryPayment(): Promise<PaymentStatus> {
    return { status: 'unknown' };
  }

  async listSettlements(): Promise<null> {
    return null;
  }

  async verifyNotification({ headers, rawBody }: ProviderNotification): Promise<ProviderEvent> {
    const header = headers['zhiku-signature'];
    const check = verifySandboxSignature(typeof header === 'string' ? header : undefined, rawBody, this.secret, Math.floor(Date.now() / 1000), this.toleranceSeconds);
    if (!check.ok) throw CommerceErrors.webhookSignature(check.reason);
    return parseSandboxEvent(rawBody);
  }
}

/** The sandbox's JSON envelope, checked as its route's DTO is (unknown fields dropped, not refused). */
export async function parseSandboxEvent(rawBody: Buffer): Promise<ProviderEvent> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw HttpProblem.forFields(400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID', 'The notification cannot be read.', [{ field: 'body', messages: ['body must be JSON'] }]);
  }
  const event = plainToInstance(SandboxWebhookDto, parsed);
  const errors = typeof parsed === 'object' && parsed !== null ? await validate(event, { whitelist: true }) : [];
  if (typeof parsed !== 'object' || parsed === null || errors.length > 0) {
    throw HttpProblem.forFields(400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID', 'The notification cannot be read.', flatten(errors));
  }
  return { id: event.id, type: event.type, data: { ...event.data } };
}

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { OrderEvent } from '../domain/commerce-events.js';
import {
  ACCOUNTS,
  type CreatorPosition,
  creatorPositionKeys,
  type LedgerLine,
  postingForChargeback,
  postingForDisputeWon,
  postingForLatePayment,
  postingForLatePaymentChargeback,
  postingForPaidOrder,
  postingForPayout,
  postingForPayoutReversal,
  postingForRefund,
  postingForRefundDue,
  postingForSubscriptionChargeback,
  postingForSubscriptionDisputeWon,
  postingForSubscriptionPeriod,
  settleCreatorDebts,
} from '../domain/ledger.js';
import type { SubscriptionEvent } from '../domain/subscription-events.js';
import type { PayoutEvent } from '../domain/payout-events.js';

/** Posts each money movement's balanced double entry in the transaction that records it. */
@Injectable()
@InlineProjection()
export class LedgerProjector implements InlineProjector {
  readonly eventTypes = [
    'commerce.order-paid',
    'commerce.refund-due',
    'commerce.late-payment-received',
    'commerce.order-refunded',
    'commerce.order-charged-back',
    'commerce.order-dispute-won',
    'commerce.payout-paid',
    'commerce.payout-reversed',
    'commerce.subscription-period-paid',
    'commerce.subscription-late-payment-received',
    'commerce.subscription-plan-changed',
    'commerce.subscription-charged-back',
    'commerce.subscription-late-payment-charged-back',
    'commerce.subscription-dispute-won',
  ];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderEvent | PayoutEvent | SubscriptionEvent>[]) {
      switch (event.type) {
        case 'commerce.order-paid':
          await this.post(manager, `order-paid:${event.data.orderId}`, event, postingForPaidOrder(event.data, await this.providerOf(manager, event.data.orderId)));
          break;
        case 'commerce.refund-due':
          await this.post(manager, `refund-due:${event.data.orderId}`, event, postingForRefundDue(event.data));
          break;
        case 'commerce.late-payment-received':
          await this.post(manager, `late-payment:${event.data.orderId}`, event, postingForLatePayment(event.data, event.data.buyerId, await this.providerOf(manager, event.data.orderId)));
          break;
        case 'commerce.order-refunded':
          await this.post(manager, `refund:${event.data.refundId}`, event, postingForRefund(event.data, await this.providerOf(manager, event.data.orderId)));
          break;
        case 'commerce.order-charged-back':
          await this.post(manager, `chargeback:${event.data.orderId}`, event, postingForChargeback(event.data, await this.providerOf(manager, event.data.orderId)));
          break;
        case 'commerce.order-dispute-won':
          // A new posting under the chargeback's key (`…:won`): the chargeback's lines stay, and reconciliation nets the two.
          await this.post(manager, `chargeback:${event.data.orderId}:won`, event, postingForDisputeWon(event.data, await this.providerOf(manager, event.data.orderId)));
          break;
        case 'commerce.payout-paid':
          await this.post(manager, `payout:${event.data.payoutId}`, event, postingForPayout(event.data, await this.payoutProviderOf(manager, event.data.payoutId)), null);
          break;
        case 'commerce.payout-reversed':
          // A `payout:` transaction: it undoes (part of) what the payout took from the creator's balance, at once (no hold).
          await this.post(
            manager,
            `payout:${event.data.payoutId}:reversed:${event.data.reversedCents}`,
            event,
            postingForPayoutReversal(event.data, await this.payoutProviderOf(manager, event.data.payoutId)),
            null,
          );
          break;
        case 'commerce.subscription-period-paid':
          await this.post(manager, `membership:${event.data.paymentId}`, event, postingForSubscriptionPeriod(event.data, event.data.provider ?? this.config.paymentProvider), null);
          break;
        case 'commerce.subscription-plan-changed':
          // A change paid wholly by the credit for the days left moves no money.
          if (event.data.paymentId) await this.post(manager, `membership:${event.data.paymentId}`, event, postingForSubscriptionPeriod(event.data, event.data.provider ?? this.config.paymentProvider), null);
          break;
        case 'commerce.subscription-charged-back':
          // Keyed by the payment, as a membership's capture is (`membership:<payment>`): reconciliation finds both by it.
          await this.post(manager, `chargeback:${event.data.paymentId}`, event, postingForSubscriptionChargeback(event.data, event.data.provider ?? this.config.paymentProvider), null);
          break;
        case 'commerce.subscription-late-payment-charged-back':
          await this.post(
            manager,
            `chargeback:${event.data.paymentId}`,
            event,
            postingForLatePaymentChargeback(event.data, event.data.userId, event.data.provider ?? this.config.paymentProvider),
            null,
          );
          break;
        case 'commerce.subscription-dispute-won':
          await this.post(manager, `chargeback:${event.data.paymentId}:won`, event, postingForSubscriptionDisputeWon(event.data, event.data.provider ?? this.config.paymentProvider), null);
          break;
        case 'commerce.subscription-late-payment-received':
          await this.post(manager, `late-membership-payment:${event.data.paymentId}`, event, postingForLatePayment(event.data, event.data.userId, event.data.provider ?? this.config.paymentProvider), null);
          break;
      }
    }
  }

  /**
   * The provider holding an order's money is the one its payment was opened with. A membership's
   * payment names its provider in its event (older ones: the provider configured now).
   */
  private async providerOf(manager: EntityManager, orderId: string): Promise<string> {
    const [order]: { provider: string }[] = await manager.query(`SELECT provider FROM commerce_orders WHERE id = $1`, [orderId]);
    return order?.provider ?? this.config.paymentProvider;
  }

  /** The provider a payout was approved for (the one configured, for approvals from before they named it). */
  private async payoutProviderOf(manager: EntityManager, payoutId: string): Promise<string> {
    const [payout]: { provider: string | null }[] = await manager.query(`SELECT provider FROM commerce_payouts WHERE payout_id::text = $1`, [payoutId]);
    return payout?.provider ?? this.config.paymentProvider;
  }

  private async post(
    manager: EntityManager,
    transactionId: string,
    event: RecordedEvent,
    lines: LedgerLine[],
    orderId: string | null = (event.data as { orderId: string }).orderId,
  ): Promise<void> {
    lines = settleCreatorDebts(lines, await this.creatorPositions(manager, lines));
    await manager.query(
      `INSERT INTO commerce_ledger_lines (transaction_id, order_id, account, amount_cents, currency, posted_at)
       SELECT $1, $2, line.account, line.amount_cents, line.currency, $3
         FROM unnest($4::text[], $5::bigint[], $6::text[]) AS line(account, amount_cents, currency)`,
      [
        transactionId,
        orderId,
        event.createdAt,
        lines.map((line) => line.account),
        lines.map((line) => line.amountCents),
        lines.map((line) => line.currency),
      ],
    );
  }

  /**
   * Where each creator this posting moves stands now. Their accounts are locked to the end of the
   * transaction first, so two refunds at once cannot both take the same money they are owed.
   */
  private async creatorPositions(manager: EntityManager, lines: readonly LedgerLine[]): Promise<Map<string, CreatorPosition>> {
    const positions = new Map<string, CreatorPosition>();
    for (const key of creatorPositionKeys(lines)) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
      const [account, currency] = key.split('|') as [string, string];
      const receivable = ACCOUNTS.creatorReceivable(account.slice('liabilities:creator-payable:'.length));
      const [row]: { owed: string; receivable: string }[] = await manager.query(
        `SELECT coalesce(-sum(amount_cents) FILTER (WHERE account = $1), 0) AS owed,
                coalesce(sum(amount_cents) FILTER (WHERE account = $2), 0) AS receivable
           FROM commerce_ledger_lines WHERE account IN ($1, $2) AND currency = $3`,
        [account, receivable, currency],
      );
      positions.set(key, { owedCents: Number(row?.owed ?? 0), receivableCents: Number(row?.receivable ?? 0) });
    }
    return positions;
  }
}

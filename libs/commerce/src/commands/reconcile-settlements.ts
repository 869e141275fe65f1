import { Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { chargebackDifferences, feeDifferences, type LedgerCapture, type LedgerChargeback, type LedgerRefund, refundDifferences, settlementDifferences } from '../domain/reconciliation.js';
import { systemContext } from '#platform';
import type { PaymentProvider } from '../payments/payment-provider.js';
import { PaymentProviders } from '../payments/payment-providers.js';
import { PayoutPayees } from '../projections/payout-payees.js';
import { ReceiveProviderEvent } from './receive-provider-event.js';

/** How long after it was paid a payout is still asked about (a Stripe transfer can be reversed later, but rarely after weeks). */
const REVERSAL_WINDOW_DAYS = 30;
const REVERSAL_BATCH = 500;

/** Ledger transactions that capture a payment's money in a provider's clearing account. */
const CAPTURES = ['order-paid', 'late-payment', 'membership', 'late-membership-payment'];

/**
 * The worker's, daily (and finance's, for any day): each provider's settlements of a day are
 * compared with the ledger and each difference is recorded once; a rerun records nothing new.
 */
export class ReconcileSettlements extends Command<{ day: string; differences: number; recorded: number; reversedPayouts: string[] }> {
  constructor(readonly day: string) {
    super();
  }
}

@CommandHandler(ReconcileSettlements)
export class ReconcileSettlementsHandler implements ICommandHandler<ReconcileSettlements> {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    private readonly providers: PaymentProviders,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandBus,
    private readonly payees: PayoutPayees,
  ) {}

  async execute({ day }: ReconcileSettlements): Promise<{ day: string; differences: number; recorded: number; reversedPayouts: string[] }> {
    let differences = 0;
    let recorded = 0;
    const reversedPayouts: string[] = [];
    for (const provider of this.providers.all()) {
      if (provider.reversesPayouts) reversedPayouts.push(...(await this.reversedPayouts(provider, day)));
      const settlements = await provider.listSettlements(day);
      if (settlements === null) continue; // the provider gives no settlement report (the sandbox)
      const captures = settlements.filter((each) => each.refundId === undefined && !each.chargeback && !each.fee);
      const refunds = settlements.flatMap((each) => (each.refundId === undefined ? [] : [{ ...each, refundId: each.refundId }]));
      const chargebacks = settlements.filter((each) => each.chargeback);
      const fees = settlements.filter((each) => each.fee);
      const found = [
        ...settlementDifferences(day, captures, await this.capturesOf(provider.name, provider.settlementTimeZone, day, captures.map((s) => s.paymentId))),
        // Only a report that lists refunds (Alipay's and WeChat Pay's bills) is compared with the ledger's refunds.
        ...(provider.reportsRefunds
          ? refundDifferences(day, refunds, await this.refundsOf(provider.name, provider.settlementTimeZone, day, refunds.map((r) => r.refundId)))
          : []),
        // Only a report that lists chargebacks (Stripe's disputes) is compared with the ledger's.
        ...(provider.reportsChargebacks
          ? chargebackDifferences(day, chargebacks, await this.chargebacksOf(provider.name, provider.settlementTimeZone, day, chargebacks.map((c) => c.paymentId)))
          : []),
        // The ledger records no provider fees: a report that lists them (Stripe's) shows each day's as its own line.
        ...feeDifferences(fees),
      ];
      differences += found.length;
      if (found.length === 0) continue;
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO commerce_reconciliation_differences (provider, day, payment_id, refund_id, kind, provider_cents, ledger_cents, currency)
         SELECT $1, $2::date, d.payment_id, d.refund_id, d.kind, d.provider_cents, d.ledger_cents, d.currency
           FROM unnest($3::text[], $8::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[]) AS d(payment_id, refund_id, kind, provider_cents, ledger_cents, currency)
         ON CONFLICT (provider, day, payment_id, refund_id) DO UPDATE SET provider_cents = EXCLUDED.provider_cents, found_at = now()
           -- A day's fees compared again before the day ended grew since: the line says the day's whole fees. Other differences stay as first found.
           WHERE commerce_reconciliation_differences.kind = 'fee_unrecorded' AND commerce_reconciliation_differences.provider_cents IS DISTINCT FROM EXCLUDED.provider_cents
         RETURNING payment_id`,
        [
          provider.name,
          day,
          found.map((d) => d.paymentId),
          found.map((d) => d.kind),
          found.map((d) => d.providerCents),
          found.map((d) => d.ledgerCents),
          found.map((d) => d.currency),
          // A difference about a refund names it; one about a chargeback is keyed 'chargeback'; a day's fees 'fee:<currency>'; a capture's, ''.
          found.map((d) => d.refundId ?? (d.kind.startsWith('chargeback_') ? 'chargeback' : d.kind === 'fee_unrecorded' ? `fee:${d.currency}` : '')),
        ],
      );
      recorded += inserted.length;
    }
    return { day, differences, recorded, reversedPayouts };
  }

  /**
   * Payouts this provider paid in the REVERSAL_WINDOW_DAYS up to the day, asked about again: one it
   * took back since (its notification lost, or never sent) is recorded as the notification would
   * have (the same reversal heard twice is one). Returns the payouts found reversed.
   */
  private async reversedPayouts(provider: PaymentProvider, day: string): Promise<string[]> {
    const paid: { payout_id: string; creator_id: string; amount_cents: string; currency: string; payee: string | null }[] = await this.dataSource.query(
      `SELECT payout_id, creator_id, amount_cents, currency, payee FROM commerce_payouts
        WHERE provider = $1 AND status IN ('paid', 'reversed') AND reversed_cents < amount_cents
          AND settled_at >= $2::date - make_interval(days => $3) AND settled_at < $2::date + 1
        ORDER BY settled_at DESC LIMIT $4`,
      [provider.name, day, REVERSAL_WINDOW_DAYS, REVERSAL_BATCH],
    );
    const found: string[] = [];
    for (const payout of paid) {
      try {
        const event = await provider.queryPayout({
          payoutId: payout.payout_id,
          creatorId: payout.creator_id,
          amountCents: Number(payout.amount_cents),
          currency: payout.currency.trim(),
          payee: this.payees.open(payout.payout_id, payout.payee),
        });
        if (event?.type !== 'payout.reversed') continue;
        const { duplicate } = await this.commands.execute(new ReceiveProviderEvent(provider.name, event, systemContext('reconciliation')));
        if (!duplicate) found.push(payout.payout_id);
      } catch (error) {
        // One payout the provider cannot answer for does not hold up the day's comparison.
        this.logger.warn(`payout ${payout.payout_id} (${provider.name}) could not be asked about again: ${(error as Error).message}`);
      }
    }
    return found;
  }

  /** What the ledger captured in this provider's clearing account: for these payments, and all posted that day (the provider's calendar day). */
  private async capturesOf(provider: string, timeZone: string, day: string, paymentIds: string[]): Promise<LedgerCapture[]> {
    const rows: { payment_id: string; cents: string; currency: string; posted_on: string }[] = await this.dataSource.query(
      `SELECT payment_id, sum(amount_cents) AS cents, min(currency) AS currency, to_char(min(posted_at) AT TIME ZONE $5, 'YYYY-MM-DD') AS posted_on
         FROM (SELECT coalesce(o.payment_id, split_part(l.transaction_id, ':', 2)) AS payment_id, l.amount_cents, l.currency, l.posted_at
                 FROM commerce_ledger_lines l LEFT JOIN commerce_orders o ON o.id = l.order_id
                WHERE l.account = $1 AND split_part(l.transaction_id, ':', 1) = ANY($2::text[])) captures
        GROUP BY payment_id
       HAVING payment_id = ANY($3::text[]) OR to_char(min(posted_at) AT TIME ZONE $5, 'YYYY-MM-DD') = $4`,
      [`assets:psp-clearing:${provider}`, CAPTURES, paymentIds, day, timeZone],
    );
    return rows.map((row) => ({ paymentId: row.payment_id, amountCents: Number(row.cents), currency: row.currency.trim(), postedOn: row.posted_on }));
  }

  /** The chargebacks the ledger took from this provider's clearing account (`chargeback:<order>`, a membership's `chargeback:<payment>`), by payment: these, and all posted that day (the provider's calendar day). */
  private async chargebacksOf(provider: string, timeZone: string, day: string, paymentIds: string[]): Promise<LedgerChargeback[]> {
    const rows: { payment_id: string; cents: string; currency: string; posted_on: string }[] = await this.dataSource.query(
      `SELECT coalesce(o.payment_id, split_part(l.transaction_id, ':', 2)) AS payment_id, -sum(l.amount_cents) AS cents, min(l.currency) AS currency,
              to_char(min(l.posted_at) AT TIME ZONE $5, 'YYYY-MM-DD') AS posted_on
         FROM commerce_ledger_lines l LEFT JOIN commerce_orders o ON o.id = l.order_id
        WHERE l.account = $1 AND split_part(l.transaction_id, ':', 1) = $2
        GROUP BY 1
       HAVING coalesce(o.payment_id, split_part(l.transaction_id, ':', 2)) = ANY($3::text[]) OR to_char(min(l.posted_at) AT TIME ZONE $5, 'YYYY-MM-DD') = $4`,
      [`assets:psp-clearing:${provider}`, 'chargeback', paymentIds, day, timeZone],
    );
    return rows.map((row) => ({ paymentId: row.payment_id, amountCents: Number(row.cents), currency: row.currency.trim(), postedOn: row.posted_on }));
  }

  /** The refunds the ledger paid back from this provider's clearing account (`refund:<id>`): these, and all posted that day (the provider's calendar day). */
  private async refundsOf(provider: string, timeZone: string, day: string, refundIds: string[]): Promise<LedgerRefund[]> {
    const rows: { refund_id: string; payment_id: string | null; cents: string; currency: string; posted_on: string }[] = await this.dataSource.query(
      `SELECT split_part(l.transaction_id, ':', 2) AS refund_id, min(o.payment_id) AS payment_id, -sum(l.amount_cents) AS cents, min(l.currency) AS currency,
              to_char(min(l.posted_at) AT TIME ZONE $5, 'YYYY-MM-DD') AS posted_on
         FROM commerce_ledger_lines l LEFT JOIN commerce_orders o ON o.id = l.order_id
        WHERE l.account = $1 AND split_part(l.transaction_id, ':', 1) = $2
        GROUP BY 1
       HAVING split_part(l.transaction_id, ':', 2) = ANY($3::text[]) OR to_char(min(l.posted_at) AT TIME ZONE $5, 'YYYY-MM-DD') = $4`,
      [`assets:psp-clearing:${provider}`, 'refund', refundIds, day, timeZone],
    );
    return rows.map((row) => ({
      refundId: row.refund_id,
      paymentId: row.payment_id ?? '',
      amountCents: Number(row.cents),
      currency: row.currency.trim(),
      postedOn: row.posted_on,
    }));
  }
}

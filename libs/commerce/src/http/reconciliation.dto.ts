import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import type { DifferenceKind } from '../domain/reconciliation.js';

const DIFFERENCE_KINDS: DifferenceKind[] = [
  'missing_in_ledger',
  'missing_at_provider',
  'amount_mismatch',
  'refund_missing_in_ledger',
  'refund_missing_at_provider',
  'refund_amount_mismatch',
  'chargeback_missing_in_ledger',
  'chargeback_missing_at_provider',
  'chargeback_amount_mismatch',
  'fee_unrecorded',
];

export class ReconciliationDifferenceDto {
  @ApiProperty({ enum: ['sandbox', 'stripe', 'alipay', 'wechatpay'] }) provider: string;
  @ApiProperty({ example: '2026-11-27', description: 'The settlement day (UTC)' }) day: string;
  @ApiProperty({ nullable: true, type: String, example: 'pay_3f2a…', description: 'null: a day\'s fees (fee_unrecorded)' }) paymentId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '5b0c…', description: 'The refund a difference is about; null: the payment\'s capture or chargeback' })
  refundId: string | null;
  @ApiProperty({
    enum: DIFFERENCE_KINDS,
    description:
      'missing_in_ledger: the provider settled money the ledger never recorded; missing_at_provider: the ledger recorded a capture that day the ' +
      'provider does not list; amount_mismatch: both have it, at different amounts or currencies. refund_missing_in_ledger, ' +
      'refund_missing_at_provider, refund_amount_mismatch: the same of one refund (Stripe\'s balance transactions, Alipay\'s and WeChat Pay\'s ' +
      'bills list refunds). chargeback_missing_in_ledger, chargeback_missing_at_provider, chargeback_amount_mismatch: the same of what the ' +
      'payer\'s bank took back from a payment, net of a dispute won (Stripe\'s disputes, a non-card payment reversed or failed after it was counted). ' +
      'fee_unrecorded: what the provider kept as its fees that day, in one currency (Stripe\'s balance transactions), which the ledger does not record',
  })
  kind: DifferenceKind;
  @ApiProperty({ nullable: true, type: Number, description: 'What the provider settled (or paid back, or kept as fees), in the minor unit' }) providerCents: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'What the ledger captured (or paid back), in the minor unit' }) ledgerCents: number | null;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ format: 'date-time' }) foundAt: string;
}

export class ReconciliationPageDto {
  @ApiProperty({ type: [ReconciliationDifferenceDto] }) items: ReconciliationDifferenceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ReconcileDayDto {
  @ApiProperty({ example: '2026-11-27', description: 'The settlement day to compare (UTC)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsISO8601({ strict: true })
  day: string;
}

export class ReconciliationRunDto {
  @ApiProperty({ example: '2026-11-27' }) day: string;
  @ApiProperty({ description: 'Differences found this time' }) differences: number;
  @ApiProperty({ description: 'Of those, the ones not recorded before (0 when the day was compared already with the same result)' }) recorded: number;
  @ApiProperty({
    type: [String],
    description: 'Payouts paid in the 30 days up to the day that the provider took back since (a reversed Stripe transfer), found and recorded by this run',
  })
  reversedPayouts: string[];
}

import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';

export class ReconciliationDifferenceDto {
  @ApiProperty({ enum: ['sandbox', 'stripe', 'alipay', 'wechatpay'] }) provider: string;
  @ApiProperty({ example: '2026-11-27', description: 'The settlement day (UTC)' }) day: string;
  @ApiProperty({ example: 'pay_3f2a…' }) paymentId: string;
  @ApiProperty({
    enum: ['missing_in_ledger', 'missing_at_provider', 'amount_mismatch'],
    description:
      'missing_in_ledger: the provider settled money the ledger never recorded; missing_at_provider: the ledger recorded a capture that day the ' +
      'provider does not list; amount_mismatch: both have it, at different amounts or currencies',
  })
  kind: 'missing_in_ledger' | 'missing_at_provider' | 'amount_mismatch';
  @ApiProperty({ nullable: true, type: Number, description: 'What the provider settled, in the minor unit' }) providerCents: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'What the ledger captured, in the minor unit' }) ledgerCents: number | null;
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
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AcceptsUnknownFields } from '#platform';

export class PlaceOrderDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 20, description: 'Published contents to buy' })
  @IsUUID('4', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  contentIds: string[];
}

export class OrderItemDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 9900 }) priceCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
}

export class PaymentDto {
  @ApiProperty({ example: 'pay_3f2a…' }) id: string;
  @ApiProperty({ example: 'sandbox' }) provider: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'expired'] }) status: string;
  @ApiProperty() amountCents: number;
  @ApiProperty() currency: string;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) buyerId: string;
  @ApiProperty({ enum: ['pending', 'paid', 'failed', 'expired'], description: 'expired: nobody paid within the payment window' })
  status: string;
  @ApiProperty({ type: [OrderItemDto] }) items: OrderItemDto[];
  @ApiProperty() totalCents: number;
  @ApiProperty() currency: string;
  @ApiProperty({ type: PaymentDto }) payment: PaymentDto;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Pay before this, or the order expires; null when it can no longer be paid' })
  payableUntil: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paidAt: string | null;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AccessGrantDto {
  @ApiProperty({
    enum: ['order-item', 'subscription-period', 'bundle', 'coupon', 'free', 'staff'],
    description: 'Why access exists',
  })
  source: string;
  @ApiProperty({ description: 'The order, subscription, bundle, coupon or staff action that granted it', example: '3f2a…' })
  sourceId: string;
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Null: no end' }) validTo: string | null;
}

export class EntitlementDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time', description: 'When the access active now began' }) grantedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the last active grant ends; null while one has no end' })
  accessUntil: string | null;
  @ApiProperty({ type: [AccessGrantDto], description: 'Every active grant; access ends when the last one does' })
  grants: AccessGrantDto[];
}

export class EntitlementPageDto {
  @ApiProperty({ type: [EntitlementDto] }) items: EntitlementDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SandboxPaymentDataDto {
  @ApiProperty({ example: 'pay_3f2a…' })
  @IsString()
  @MaxLength(100)
  paymentId: string;

  @ApiProperty({ example: 9900 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountCents: number;

  @ApiProperty({ example: 'CNY' })
  @Matches(/^[A-Z]{3}$/)
  currency: string;

  @ApiPropertyOptional({ example: 'card declined' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** The sandbox provider's event envelope. Fields it adds later, here or in `data`, are ignored, not refused. */
@AcceptsUnknownFields()
export class SandboxWebhookDto {
  @ApiProperty({ example: 'evt_01J…' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/)
  id: string;

  @ApiProperty({ enum: ['payment.succeeded', 'payment.failed'] })
  @IsIn(['payment.succeeded', 'payment.failed'])
  type: 'payment.succeeded' | 'payment.failed';

  @ApiProperty({ type: SandboxPaymentDataDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SandboxPaymentDataDto)
  data: SandboxPaymentDataDto;
}

export class WebhookAckDto {
  @ApiProperty() received: boolean;
  @ApiProperty({ description: 'True when this event id was already processed (nothing changed)' }) duplicate: boolean;
}

export class RefundDueDto {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({
    enum: ['already-owned', 'late-payment'],
    description: 'late-payment: the payment succeeded after the order had failed; already-owned: the buyer held these items already',
  })
  reason: 'already-owned' | 'late-payment';
  @ApiProperty({ format: 'uuid' }) buyerId: string;
  @ApiProperty({ example: 'pay_3f2a…' }) paymentId: string;
  @ApiProperty({ description: 'What to pay back, in the minor unit' }) amountCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ type: [String], format: 'uuid' }) contentIds: string[];
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class RefundDuePageDto {
  @ApiProperty({ type: [RefundDueDto] }) items: RefundDueDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class LedgerAccountDto {
  @ApiProperty({ example: 'revenue:platform-fees' }) account: string;
  @ApiProperty() currency: string;
  @ApiProperty({ description: 'Debits positive, credits negative' }) balanceCents: number;
}

export class TrialBalanceDto {
  @ApiProperty({ type: [LedgerAccountDto] }) accounts: LedgerAccountDto[];
  @ApiProperty() totalCents: number;
  @ApiProperty({ type: [String] }) unbalancedTransactions: string[];
  @ApiProperty() balanced: boolean;
}

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
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AcceptsUnknownFields, PageQueryDto } from '#platform';

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
  @ApiProperty({
    enum: ['pending', 'paid', 'failed', 'expired', 'partially_refunded', 'refunded'],
    description: 'expired: nobody paid within the payment window; refunded: paid back in full (the access it gave has ended)',
  })
  status: string;
  @ApiProperty({ type: [OrderItemDto] }) items: OrderItemDto[];
  @ApiProperty() totalCents: number;
  @ApiProperty() currency: string;
  @ApiProperty({ type: PaymentDto }) payment: PaymentDto;
  @ApiProperty({ description: 'Paid back to the buyer so far, in the minor unit' }) refundedCents: number;
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

export class SandboxEventDataDto {
  @ApiProperty({ example: 'pay_3f2a…' })
  @IsString()
  @MaxLength(100)
  paymentId: string;

  @ApiPropertyOptional({ example: 9900, description: 'Required for payment.succeeded and refund.succeeded' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountCents?: number;

  @ApiPropertyOptional({ example: 'CNY', description: 'Required for payment.succeeded' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;

  @ApiPropertyOptional({ example: 'card declined' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ example: '9b1e…', description: 'Required for refund.succeeded: the refund it settles' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,200}$/)
  refundId?: string;
}

/**
 * The sandbox provider's event envelope. Fields it adds later, here or in `data`, are ignored, not
 * refused; so are event types we do not act on (they are stored and acknowledged).
 */
@AcceptsUnknownFields()
export class SandboxWebhookDto {
  @ApiProperty({ example: 'evt_01J…' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/)
  id: string;

  @ApiProperty({ example: 'payment.succeeded', description: 'payment.succeeded, payment.failed and refund.succeeded are acted on' })
  @Matches(/^[a-z][a-z_]*(\.[a-z_]+){1,3}$/)
  type: string;

  @ApiProperty({ type: SandboxEventDataDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SandboxEventDataDto)
  data: SandboxEventDataDto;
}

export class WebhookAckDto {
  @ApiProperty() received: boolean;
  @ApiProperty({ description: 'True when this event id was already processed (nothing changed)' }) duplicate: boolean;
  @ApiProperty({
    enum: ['processed', 'deferred', 'ignored'],
    description: 'deferred: it waits for an event it depends on (a refund before its payment); ignored: a type we do not act on',
  })
  status: 'processed' | 'deferred' | 'ignored';
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

export class RequestRefundDto {
  @ApiPropertyOptional({ minimum: 1, example: 4900, description: 'Part of the payment to refund; all that is left of it when omitted' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amountCents?: number;

  @ApiProperty({ minLength: 1, maxLength: 500, example: '内容与介绍不符' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class ApproveRefundDto {
  @ApiPropertyOptional({ minimum: 1, description: 'Approve less than was asked; all of it when omitted' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amountCents?: number;
}

export class RejectRefundDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'more than half of the course was studied' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

const REFUND_STATUSES = ['requested', 'approved', 'rejected', 'refunded'] as const;

export class RefundsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REFUND_STATUSES, description: 'Only refunds in this state (finance works the requested ones)' })
  @IsOptional()
  @IsIn(REFUND_STATUSES)
  status?: (typeof REFUND_STATUSES)[number];
}

export class RefundDto {
  @ApiProperty({ description: 'Ours (a UUID) when asked for here; the provider\'s id for a refund made at the provider' }) refundId: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ format: 'uuid' }) buyerId: string;
  @ApiProperty({
    enum: REFUND_STATUSES,
    description: 'requested → approved (the provider is paying it back) → refunded (the money moved), or rejected',
  })
  status: string;
  @ApiProperty({ type: Number, nullable: true }) requestedCents: number | null;
  @ApiProperty({ type: Number, nullable: true }) approvedCents: number | null;
  @ApiProperty({ type: Number, nullable: true }) refundedCents: number | null;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ type: String, nullable: true, description: "The buyer's reason" }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: "Finance's reason for a rejection" }) reviewReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) requestedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) refundedAt: string | null;
}

export class RefundPageDto {
  @ApiProperty({ type: [RefundDto] }) items: RefundDto[];
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

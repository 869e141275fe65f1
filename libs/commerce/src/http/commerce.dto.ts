import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsISO8601,
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

const COUPON_CODE = /^[A-Za-z0-9_-]{3,40}$/;

export class PlaceOrderDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: 20, description: 'Published contents to buy (give this or bundleId)' })
  @IsOptional()
  @IsUUID('4', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  contentIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'A bundle to buy (give this or contentIds); items already held are priced out' })
  @IsOptional()
  @IsUUID('all')
  bundleId?: string;

  @ApiPropertyOptional({ example: 'SPRING-20', pattern: COUPON_CODE.source, description: 'A coupon or 兑换码 to redeem (case does not matter)' })
  @IsOptional()
  @Matches(COUPON_CODE, { message: 'couponCode must be 3 to 40 letters, digits, _ or -' })
  couponCode?: string;
}

const SCOPES = ['items', 'creator', 'global'] as const;

export class IssueCouponDto {
  @ApiPropertyOptional({ example: 'SPRING-20', pattern: COUPON_CODE.source, description: 'The code buyers type; generated when omitted' })
  @IsOptional()
  @Matches(COUPON_CODE, { message: 'code must be 3 to 40 letters, digits, _ or -' })
  code?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'Percent off the items in scope (give this or amountOffCents)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  percentOff?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'Fixed amount off the items in scope, in the minor unit (needs currency)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amountOffCents?: number;

  @ApiPropertyOptional({ example: 'CNY', description: 'The currency of amountOffCents' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;

  @ApiProperty({ enum: SCOPES, description: 'items: the contentIds; creator: all of the issuer\'s items; global: everything (staff only)' })
  @IsIn(SCOPES)
  appliesTo: (typeof SCOPES)[number];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100, description: 'The items, when appliesTo is items' })
  @IsOptional()
  @IsUUID('4', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  contentIds?: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'From when it can be used; now when omitted' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until when (exclusive); no end when omitted' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validTo?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Redemptions in all' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  totalLimit?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'Redemptions per buyer' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  perUserLimit?: number;
}

export class IssueCouponBatchDto extends IssueCouponDto {
  @ApiProperty({ minimum: 1, maximum: 1000, description: 'How many single-use codes (兑换码) to make' })
  @IsInt()
  @Min(1)
  @Max(1000)
  count: number;
}

export class CouponDto {
  @ApiProperty({ format: 'uuid' }) couponId: string;
  @ApiProperty({ example: 'SPRING-20' }) code: string;
  @ApiProperty({ example: { kind: 'creator', userId: '2f1c…' } }) issuer: { kind: string; userId: string };
  @ApiProperty({ example: { kind: 'percent', basisPoints: 2000 }, description: 'percent (basisPoints) or fixed (amountCents, currency)' })
  discount: Record<string, unknown>;
  @ApiProperty({ example: { kind: 'items', contentIds: ['…'] }, description: 'items (contentIds), creator (creatorId) or global' })
  scope: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) validTo: string | null;
  @ApiProperty({ type: Number, nullable: true }) totalLimit: number | null;
  @ApiProperty({ type: Number, nullable: true }) perUserLimit: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) batchId: string | null;
  @ApiProperty({ description: 'Redemptions held now (released ones not counted)' }) redeemed: number;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
}

export class CouponPageDto {
  @ApiProperty({ type: [CouponDto] }) items: CouponDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CouponBatchDto {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ type: [String], description: 'The single-use codes, to hand out' }) codes: string[];
}

export class CouponsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the codes of this batch' })
  @IsOptional()
  @IsUUID('4')
  batchId?: string;
}

export class OrderItemDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 7920, description: 'What the buyer pays for it' }) priceCents: number;
  @ApiProperty({ example: 9900, description: 'The catalogue price; more than priceCents when a coupon applied' }) listPriceCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
}

export class PaymentDto {
  @ApiProperty({ example: 'pay_3f2a…' }) id: string;
  @ApiProperty({ example: 'sandbox' }) provider: string;
  @ApiProperty({
    enum: ['pending', 'succeeded', 'failed', 'expired', 'charged_back'],
    description: "charged_back: the buyer's bank took it back; succeeded again (with disputeWonAt) once the dispute of that was won",
  })
  status: string;
  @ApiProperty() amountCents: number;
  @ApiProperty() currency: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: "When the dispute of this payment's chargeback was won: the bank gave the money back, and the order its access",
  })
  disputeWonAt: string | null;
}

export class OrderedBundleDto {
  @ApiProperty({ format: 'uuid' }) bundleId: string;
  @ApiProperty({ example: '机器学习全家桶' }) title: string;
  @ApiProperty({ description: 'The bundle\'s price' }) priceCents: number;
  @ApiProperty({ description: 'What items the buyer held already took off the price (they are not in the order)' }) pricedOutCents: number;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The items priced out' }) pricedOut: string[];
}

export class CheckoutDto {
  @ApiProperty({ enum: ['sandbox', 'stripe', 'alipay', 'wechatpay'] }) provider: 'sandbox' | 'stripe' | 'alipay' | 'wechatpay';
  @ApiProperty({ example: 'pay_3f2a…' }) paymentId: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "A page to send the buyer to (Alipay's cashier, WeChat Pay's QR code link); null when the provider's client SDK takes over",
  })
  url: string | null;
  @ApiProperty({ nullable: true, type: String, description: "For the provider's client SDK (Stripe.js confirms the PaymentIntent with it); show it to no one else" })
  clientSecret: string | null;
  @ApiProperty({
    required: false,
    type: String,
    description: "A membership's charge at WeChat Pay: a link (shown as a QR code) where the member agrees to have renewals deducted (委托代扣); absent when there is nothing to agree apart from paying",
  })
  agreementUrl?: string;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) buyerId: string;
  @ApiProperty({
    enum: ['pending', 'paid', 'failed', 'expired', 'partially_refunded', 'refunded', 'charged_back'],
    description: 'expired: nobody paid within the payment window; refunded: paid back in full (the access it gave has ended)',
  })
  status: string;
  @ApiProperty({ type: [OrderItemDto] }) items: OrderItemDto[];
  @ApiProperty({ nullable: true, example: { code: 'SPRING-20', discountCents: 1980 }, description: 'The coupon redeemed, if any' })
  coupon: { code: string; discountCents: number } | null;
  @ApiProperty({ type: () => OrderedBundleDto, nullable: true, description: 'The bundle bought, if any' })
  bundle: OrderedBundleDto | null;
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
  @ApiPropertyOptional({ example: 'pay_3f2a…', description: 'The payment (payment.* and refund.* events)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  paymentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The payout (payout.paid and payout.failed)' })
  @IsOptional()
  @IsUUID('all')
  payoutId?: string;

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

  @ApiProperty({
    example: 'payment.succeeded',
    description:
      'payment.succeeded, payment.failed, refund.succeeded, payment.charged_back, payment.dispute_won (the chargeback reversed), payout.paid and payout.failed are acted on',
  })
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
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The order paid for; null for a membership charge' }) orderId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The membership charged; null for an order' })
  subscriptionId: string | null;
  @ApiProperty({
    enum: ['already-owned', 'late-payment', 'late-subscription-payment'],
    description:
      'late-payment: the payment succeeded after the order had failed; already-owned: the buyer held these items already; ' +
      'late-subscription-payment: a membership charge went through after the membership ended, was canceled or was paid by another charge',
  })
  reason: 'already-owned' | 'late-payment' | 'late-subscription-payment';
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

export class EarningsBalanceDto {
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ description: 'Earned within the hold period: not yet available' }) pendingCents: number;
  @ApiProperty({ description: 'Can be paid out now (negative only while a payout is under way that refunds overtook)' }) availableCents: number;
  @ApiProperty({ description: 'Payouts requested or approved, not paid yet' }) payoutsInProgressCents: number;
  @ApiProperty({ description: 'Paid out so far' }) paidCents: number;
  @ApiProperty({ description: 'What the creator owes the platform: refunds and chargebacks of money paid out already; their next earnings settle it first' })
  owedToPlatformCents: number;
}

export class EarningsPeriodDto {
  @ApiProperty({ example: '2026-11', description: 'Month, UTC' }) month: string;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ description: "The creator's share of the month's sales, in the minor unit" }) earnedCents: number;
  @ApiProperty({ description: 'Taken back that month by refunds and chargebacks, net of disputes won (negative in a month when a win gave back more than was taken)' })
  refundedCents: number;
  @ApiProperty() paidOutCents: number;
}

export class EarningsDto {
  @ApiProperty({ description: 'How long earnings are held before they are available (EARNINGS_HOLD_DAYS)' }) holdDays: number;
  @ApiProperty({ type: [EarningsBalanceDto] }) balances: EarningsBalanceDto[];
  @ApiProperty({ type: [EarningsPeriodDto], description: 'Newest month first' }) periods: EarningsPeriodDto[];
}

export class StatementLineDto {
  @ApiProperty({
    enum: ['sale', 'membership', 'refund', 'chargeback', 'dispute-won', 'refund-due', 'payout'],
    description: 'dispute-won: a chargeback reversed, the bank having given the money back',
  })
  kind: string;
  @ApiProperty({
    example: 'order-paid:2f1c…',
    description: 'The ledger transaction: order-paid:<order>, membership:<payment>, refund:<refund>, chargeback:<order or payment>, chargeback:<order or payment>:won, refund-due:<order>, payout:<payout>',
  })
  transactionId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) orderId: string | null;
  @ApiProperty({
    enum: ['earnings', 'debt'],
    description: 'earnings: what the platform owes the creator; debt: what the creator owes the platform (taken back beyond what was owed, settled by later earnings)',
  })
  account: string;
  @ApiProperty({ description: 'Positive: earned (or debt settled); negative: taken back or paid out (or debt incurred)' }) amountCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ format: 'date-time' }) postedAt: string;
}

export class StatementPageDto {
  @ApiProperty({ type: [StatementLineDto] }) items: StatementLineDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RequestPayoutDto {
  @ApiProperty({ minimum: 1, example: 50_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amountCents: number;

  @ApiProperty({ example: 'CNY' })
  @Matches(/^[A-Z]{3}$/)
  currency: string;
}

const PAYOUT_PROVIDERS = ['stripe', 'alipay', 'wechatpay'] as const;

export class PayoutAccountDto {
  @ApiProperty({ enum: PAYOUT_PROVIDERS, description: 'The provider that is to pay the caller there' })
  @IsIn(PAYOUT_PROVIDERS)
  provider: (typeof PAYOUT_PROVIDERS)[number];

  @ApiProperty({
    example: 'acct_1Nv0FGQ9RKHgCVdK',
    description: "Stripe: the caller's connected account (acct_…); Alipay: their user id (2088…) or login (email, phone); WeChat Pay: their openid under this app",
  })
  @IsString()
  @Matches(/^[\w.@+-]{1,100}$/)
  account: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '张三', description:
      "The account holder's real name: Alipay checks it against a login; WeChat Pay needs it for a transfer of 2,000 yuan or more (sent encrypted for WeChat Pay alone). Kept encrypted.",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string | null;
}

export class StripeOnboardingDto {
  @ApiProperty({ example: 'acct_1Nv0FGQ9RKHgCVdK', description: "The caller's Stripe connected account (made for them the first time)" }) account: string;
  @ApiProperty({ example: 'https://connect.stripe.com/setup/e/acct_1Nv0FGQ9RKHgCVdK/…', description: "Stripe's hosted onboarding: open it once, before it expires" })
  url: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

const PAYOUT_STATUSES = ['requested', 'approved', 'rejected', 'paid', 'failed', 'reversed'] as const;

export class PayoutsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PAYOUT_STATUSES })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: (typeof PAYOUT_STATUSES)[number];
}

export class PayoutDto {
  @ApiProperty({ format: 'uuid' }) payoutId: string;
  @ApiProperty({ format: 'uuid' }) creatorId: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ enum: PAYOUT_STATUSES, description: 'requested → approved → paid (or failed: back in the balance; or paid, then reversed by the provider: back in the balance), or rejected' }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected or failed' }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) settledAt: string | null;
}

export class WechatPayoutConfirmationDto {
  @ApiProperty({ format: 'uuid' }) payoutId: string;
  @ApiProperty({ enum: PAYOUT_STATUSES }) status: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'WAIT_USER_CONFIRM',
    description: "The transfer bill's state as WeChat Pay last said it (ACCEPTED, PROCESSING, WAIT_USER_CONFIRM, TRANSFERING, SUCCESS, FAIL, CANCELING, CANCELLED); null: not made yet",
  })
  billState: string | null;
  @ApiProperty({ description: 'The merchant id (wx.requestMerchantTransfer mchId)' }) mchId: string;
  @ApiProperty({ description: 'The app id (wx.requestMerchantTransfer appId)' }) appId: string;
  @ApiProperty({ type: String, nullable: true, description: 'The package to confirm receipt with (wx.requestMerchantTransfer package); only while the bill waits for the creator (WAIT_USER_CONFIRM) and the payout is on its way' })
  packageInfo: string | null;
}

export class PayoutPageDto {
  @ApiProperty({ type: [PayoutDto] }) items: PayoutDto[];
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

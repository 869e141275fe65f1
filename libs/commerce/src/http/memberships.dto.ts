import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '#platform';

const PLAN_SCOPES = ['creator', 'content', 'platform'] as const;
const PERIOD_UNITS = ['day', 'month', 'year'] as const;
const PLAN_STATUSES = ['offered', 'retired'] as const;
const SUBSCRIPTION_STATUSES = ['trialing', 'pending', 'active', 'past_due', 'expired'] as const;

export class CreatePlanDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: '年度会员' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({
    enum: PLAN_SCOPES,
    description: "What members may read: creator — all of the caller's items, present and future; content — one of the caller's items (contentId); platform — everything (VIP, staff only)",
  })
  @IsIn(PLAN_SCOPES)
  appliesTo: (typeof PLAN_SCOPES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'The item, when appliesTo is content' })
  @IsOptional()
  @IsUUID('4')
  contentId?: string;

  @ApiProperty({ minimum: 1, example: 19900, description: 'Price of each period, in the minor unit' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  priceCents: number;

  @ApiProperty({ example: 'CNY' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency: string;

  @ApiProperty({ enum: PERIOD_UNITS, example: 'month', description: 'Months and years follow the calendar (31 Jan + 1 month = end of February)' })
  @IsIn(PERIOD_UNITS)
  periodUnit: (typeof PERIOD_UNITS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 36, default: 1, description: 'How many units one period lasts' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36)
  periodCount?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 90, default: 0, description: 'Free days before the first charge, once per member and plan' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  trialDays?: number;
}

export class PlansQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Plans that open this creator's catalogue or one of their items" })
  @IsOptional()
  @IsUUID('4')
  creatorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Plans that open this item: its own, its creator\'s and the platform\'s' })
  @IsOptional()
  @IsUUID('4')
  contentId?: string;
}

export class PeriodDto {
  @ApiProperty({ enum: PERIOD_UNITS }) unit: (typeof PERIOD_UNITS)[number];
  @ApiProperty({ example: 1 }) count: number;
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: '年度会员' }) name: string;
  @ApiProperty({
    example: { kind: 'creator', creatorId: '2f1c…' },
    description: 'creator (creatorId): their whole catalogue; content (contentId, creatorId): one item; platform: everything',
  })
  scope: Record<string, unknown>;
  @ApiProperty({ example: 19900 }) priceCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty() trialDays: number;
  @ApiProperty({ format: 'uuid', description: 'Who offers it' }) ownerId: string;
  @ApiProperty({ enum: PLAN_STATUSES, description: 'retired: takes no new members; existing ones keep theirs' }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PlanPageDto {
  @ApiProperty({ type: [PlanDto] }) items: PlanDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SubscribeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all') // plan ids are name-based (v5)
  planId: string;
}

export class ChangePlanDto {
  @ApiProperty({ format: 'uuid', description: 'The plan to move to: another plan of the same owner, in the same currency' })
  @IsUUID('all')
  planId: string;
}

export class OpenSubscriptionPaymentDto {
  @ApiProperty({ example: 'pay_3f2a…' }) paymentId: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ description: '1 for a period\'s first charge; more for retries after a failed one' }) attempt: number;
  @ApiProperty({ format: 'date-time' }) payableUntil: string;
  @ApiProperty({ enum: ['period', 'plan-change'], description: 'What it pays for: the next period, or a move to another plan' })
  purpose: 'period' | 'plan-change';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The plan a plan-change charge moves to' })
  toPlanId: string | null;
}

export class SubscriptionPaymentDto {
  @ApiProperty({ example: 'pay_3f2a…' }) paymentId: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({
    enum: ['open', 'paid', 'failed', 'canceled', 'owed-back', 'charged_back'],
    description:
      'owed-back: it went through when nothing needed it, and is owed back; charged_back: the member\'s bank took it back ' +
      '(paid or owed-back again, with disputeWonAt, once the dispute of that was won)',
  })
  status: string;
  @ApiProperty({ enum: ['period', 'plan-change'] }) purpose: 'period' | 'plan-change';
  @ApiProperty({ type: Number, nullable: true, description: "What the member's bank took back of it; null unless charged_back" })
  chargedBackCents: number | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, description: "When the dispute of its chargeback was won: the bank gave the money back" })
  disputeWonAt: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId: string;
  @ApiProperty({ type: PlanDto }) plan: PlanDto;
  @ApiProperty({
    enum: SUBSCRIPTION_STATUSES,
    description: 'trialing → active (paid) ⇄ past_due (a renewal failed; retried within the grace) → expired; pending: the first charge is unpaid',
  })
  status: string;
  @ApiProperty({ description: 'Canceled by the member: runs to paidUntil, then ends, unless resumed before' }) canceled: boolean;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) trialEndsAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, description: 'The end of the time paid for (or of the trial)' })
  paidUntil: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, description: "Until when it opens the plan's items (the grace included)" })
  accessUntil: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, description: 'When a failed charge is tried again' }) nextRetryAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, description: 'When access ends if no charge succeeds' })
  graceEndsAt: string | null;
  @ApiProperty({ type: OpenSubscriptionPaymentDto, nullable: true, description: 'The charge waiting to be paid' })
  openPayment: OpenSubscriptionPaymentDto | null;
  @ApiProperty({ type: [SubscriptionPaymentDto], description: 'Its last 24 charges, newest first, with what became of each' })
  payments: SubscriptionPaymentDto[];
}

export class SubscriptionPageDto {
  @ApiProperty({ type: [SubscriptionDto] }) items: SubscriptionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

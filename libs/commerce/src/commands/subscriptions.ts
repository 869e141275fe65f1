import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, APP_CONFIG, type AppConfig, asSubject, type CommandContext, Decisions, nameBasedUuid, requireVerifiedEmail } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { planDecider } from '../domain/plan.js';
import type { PlanScope } from '../domain/subscription-events.js';
import { type BillingPolicy, type SubscriptionCommand, subscriptionDecider } from '../domain/subscription.js';

/** Namespace of subscription ids derived from (member, plan): one subscription per member and plan, ever. */
const SUBSCRIPTION_ID_NAMESPACE = '0e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

export const subscriptionIdOf = (userId: string, planId: string) => nameBasedUuid(SUBSCRIPTION_ID_NAMESPACE, `${userId}\n${planId.toLowerCase()}`);

export const newPaymentId = () => `pay_${randomUUID().replace(/-/g, '')}`;

/**
 * The member's running subscription that is on this plan now, whatever plan it started on (one that
 * changed plan keeps its stream): a member holds at most one per plan.
 */
export async function runningSubscriptionOn(dataSource: DataSource, userId: string, planId: string): Promise<string | null> {
  const [row]: { subscription_id: string }[] = await dataSource.query(
    `SELECT subscription_id FROM commerce_subscriptions WHERE user_id = $1 AND plan_id = $2 AND status <> 'expired' LIMIT 1`,
    [userId, planId],
  );
  return row?.subscription_id ?? null;
}

/**
 * What a plan opens that is off the catalogue (unpublished or hidden): a column plan's column, or
 * nothing. New members are refused such a plan; those it has keep their subscription.
 */
export async function offSaleOf(dataSource: DataSource, scope: PlanScope): Promise<string[]> {
  if (scope.kind !== 'content') return [];
  const listed: unknown[] = await dataSource.query(`SELECT 1 FROM commerce_products WHERE content_id = $1 AND unlisted_at IS NULL`, [scope.contentId]);
  return listed.length > 0 ? [] : [scope.contentId];
}

export function billingPolicy(config: AppConfig): BillingPolicy {
  return { retryDays: config.membershipRetryDays, graceDays: config.membershipGraceDays };
}

/**
 * A member subscribes to a plan: on its trial (if they never had one of this plan), or with a
 * first charge to pay. Asking again while the subscription runs changes nothing, so a retried
 * request cannot open a second one.
 */
export class Subscribe extends Command<{ subscriptionId: string; created: boolean }> {
  constructor(
    readonly planId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(Subscribe)
export class SubscribeHandler implements ICommandHandler<Subscribe> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ planId, context }: Subscribe): Promise<{ subscriptionId: string; created: boolean }> {
    const member = this.abilities.require(context.actor, 'create', 'Membership');
    requireVerifiedEmail(member); // an unverified account browses, but does not buy
    const { state: plan } = await this.decisions.load(planDecider, `plan-${planId}`);
    if (plan.status === 'none') throw CommerceErrors.planNotFound();
    const { status, ...terms } = plan;
    const subscriptionId = subscriptionIdOf(member.userId, plan.planId);
    const changedOnto = await runningSubscriptionOn(this.dataSource, member.userId, plan.planId);
    if (changedOnto && changedOnto !== subscriptionId) return { subscriptionId: changedOnto, created: false };
    const offSale = await offSaleOf(this.dataSource, plan.scope);
    const now = new Date();
    const { events } = await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(subscriptionDecider, {
        streamId: `subscription-${subscriptionId}`,
        streamType: 'subscription',
        context,
        command: {
          type: 'Subscribe',
          subscriptionId,
          userId: member.userId,
          plan: terms,
          planRetired: status === 'retired',
          offSale,
          now: now.toISOString(),
          paymentId: newPaymentId(),
          payableUntil: new Date(now.getTime() + this.config.orderPaymentWindowMs).toISOString(),
        },
      }),
    );
    return { subscriptionId, created: events.length > 0 };
  }
}

/** The member cancels (it runs to the end of the time paid for) or changes their mind before then. */
export class ChangeSubscription extends Command<void> {
  constructor(
    readonly subscriptionId: string,
    readonly change: 'cancel' | 'resume',
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeSubscription)
export class ChangeSubscriptionHandler implements ICommandHandler<ChangeSubscription> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ subscriptionId, change, context }: ChangeSubscription): Promise<void> {
    const member = this.abilities.require(context.actor, change, 'Membership');
    const ability = this.abilities.forActor(member);
    const now = new Date().toISOString();
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(subscriptionDecider, {
        streamId: `subscription-${subscriptionId}`,
        streamType: 'subscription',
        context,
        // Anyone else's subscription does not exist, as far as this caller is told.
        authorize: (state) => {
          if (state.status === 'none' || !ability.can(change, asSubject('Membership', { userId: state.userId }))) {
            throw CommerceErrors.subscriptionNotFound();
          }
        },
        command: change === 'cancel' ? { type: 'CancelSubscription', now } : { type: 'ResumeSubscription', now },
      }),
    );
  }
}

/** The worker's, when something was due for a subscription at dueAt: see SettleSubscription in the decider. */
export class SettleSubscription extends Command<{ settled: string[] }> {
  constructor(
    readonly subscriptionId: string,
    readonly dueAt: string,
    readonly context: CommandContext,
    readonly now: Date = new Date(),
  ) {
    super();
  }
}

@CommandHandler(SettleSubscription)
export class SettleSubscriptionHandler implements ICommandHandler<SettleSubscription> {
  constructor(
    private readonly decisions: Decisions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ subscriptionId, dueAt, context, now }: SettleSubscription): Promise<{ settled: string[] }> {
    const command: SubscriptionCommand = {
      type: 'SettleSubscription',
      now: now.toISOString(),
      dueAt,
      paymentId: newPaymentId(),
      payableUntil: new Date(now.getTime() + this.config.orderPaymentWindowMs).toISOString(),
      policy: billingPolicy(this.config),
    };
    const { events } = await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(subscriptionDecider, {
        streamId: `subscription-${subscriptionId}`,
        streamType: 'subscription',
        context,
        command,
      }),
    );
    return { settled: events.map((event) => event.type) };
  }
}

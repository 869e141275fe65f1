import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, APP_CONFIG, type AppConfig, asSubject, type CommandContext, Decisions } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { planDecider } from '../domain/plan.js';
import { subscriptionDecider } from '../domain/subscription.js';
import { newPaymentId, offSaleOf, runningSubscriptionOn } from './subscriptions.js';

/**
 * A member moves their subscription to another plan of the same owner (a bigger or smaller tier):
 * the new plan runs a full period from now, paid by the credit for the days left of the old one and,
 * for the rest, by a charge; a credit beyond the new price buys extra days of it.
 */
export class ChangePlan extends Command<void> {
  constructor(
    readonly subscriptionId: string,
    readonly toPlanId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangePlan)
export class ChangePlanHandler implements ICommandHandler<ChangePlan> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ subscriptionId, toPlanId, context }: ChangePlan): Promise<void> {
    const member = this.abilities.require(context.actor, 'change', 'Membership');
    const ability = this.abilities.forActor(member);
    const { state: plan } = await this.decisions.load(planDecider, `plan-${toPlanId}`);
    if (plan.status === 'none') throw CommerceErrors.planNotFound();
    const { status, ...toPlan } = plan;
    const held = await runningSubscriptionOn(this.dataSource, member.userId, toPlanId);
    const toPlanOffSale = await offSaleOf(this.dataSource, plan.scope);
    const now = new Date();
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(subscriptionDecider, {
        streamId: `subscription-${subscriptionId}`,
        streamType: 'subscription',
        context,
        // Anyone else's subscription does not exist, as far as this caller is told.
        authorize: (state) => {
          if (state.status === 'none' || !ability.can('change', asSubject('Membership', { userId: state.userId }))) {
            throw CommerceErrors.subscriptionNotFound();
          }
        },
        command: {
          type: 'ChangePlan',
          toPlan,
          toPlanRetired: status === 'retired',
          toPlanOffSale,
          memberHasTarget: held !== null && held !== subscriptionId,
          now: now.toISOString(),
          paymentId: newPaymentId(),
          payableUntil: new Date(now.getTime() + this.config.orderPaymentWindowMs).toISOString(),
        },
      }),
    );
  }
}

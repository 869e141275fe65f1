import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext, Decisions, nameBasedUuid } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { Period } from '../domain/periods.js';
import { planDecider } from '../domain/plan.js';
import type { PlanScope } from '../domain/subscription-events.js';

/** A plan as its owner states it; whose it is and its id are worked out. */
export interface PlanOffer {
  name: string;
  /** platform: VIP, everything (staff only); creator: the caller's whole catalogue; content: one of the caller's items (a column). */
  scope: { kind: 'platform' } | { kind: 'creator' } | { kind: 'content'; contentId: string };
  priceCents: number;
  currency: string;
  period: Period;
  trialDays: number;
}

/** Namespace of plan ids derived from (owner, Idempotency-Key). */
const PLAN_ID_NAMESPACE = '8c2d6b1e-4f3a-4e5b-9a7c-1d2e3f4a5b6c';

/** Offers a membership plan: creators for their own catalogue or one of their items, staff a VIP plan over everything. */
export class CreatePlan extends Command<{ planId: string }> {
  constructor(
    readonly offer: PlanOffer,
    readonly idempotencyKey: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CreatePlan)
export class CreatePlanHandler implements ICommandHandler<CreatePlan> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ offer, idempotencyKey, context }: CreatePlan): Promise<{ planId: string }> {
    const owner = this.abilities.require(context.actor, 'create', 'Plan');
    const scope = await this.scopeOf(offer.scope, owner.userId);
    // Whose catalogue the plan opens decides who may offer it: its creator, or staff for the platform's.
    this.abilities.require(owner, 'create', asSubject('Plan', { scopeOwner: scope.kind === 'platform' ? 'platform' : scope.creatorId }));
    const planId = nameBasedUuid(PLAN_ID_NAMESPACE, `${owner.userId}\n${idempotencyKey}`);
    await this.decisions.execute(planDecider, {
      streamId: `plan-${planId}`,
      streamType: 'plan',
      context,
      command: {
        type: 'CreatePlan',
        planId,
        name: offer.name,
        scope,
        priceCents: offer.priceCents,
        currency: offer.currency,
        period: offer.period,
        trialDays: offer.trialDays,
        ownerId: owner.userId,
      },
    });
    return { planId };
  }

  private async scopeOf(scope: PlanOffer['scope'], callerId: string): Promise<PlanScope> {
    if (scope.kind === 'platform') return scope;
    if (scope.kind === 'creator') return { kind: 'creator', creatorId: callerId };
    const [product]: { creator_id: string }[] = await this.dataSource.query(`SELECT creator_id FROM commerce_products WHERE content_id = $1 AND unlisted_at IS NULL`, [
      scope.contentId,
    ]);
    if (!product) throw CommerceErrors.notForSale([scope.contentId]);
    return { kind: 'content', contentId: scope.contentId.toLowerCase(), creatorId: product.creator_id };
  }
}

/** Stops a plan taking new members; those it has keep their subscriptions. Its owner or staff. */
export class RetirePlan extends Command<void> {
  constructor(
    readonly planId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RetirePlan)
export class RetirePlanHandler implements ICommandHandler<RetirePlan> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ planId, context }: RetirePlan): Promise<void> {
    const actor = this.abilities.require(context.actor, 'retire', 'Plan');
    const ability = this.abilities.forActor(actor);
    await this.decisions.execute(planDecider, {
      streamId: `plan-${planId}`,
      streamType: 'plan',
      context,
      // Someone else's plan does not exist, as far as this caller is told.
      authorize: (state) => {
        if (state.status === 'none' || !ability.can('retire', asSubject('Plan', { ownerId: state.ownerId }))) throw CommerceErrors.planNotFound();
      },
      command: { type: 'RetirePlan' },
    });
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type Actor,
  ApiProblem,
  type CommandContext,
  CurrentActor,
  DEFAULT_PAGE_SIZE,
  idempotencyKeyOf,
  Idempotent,
  PageQueryDto,
  Policy,
  Public,
  RequestContext,
  UuidParam,
} from '#platform';
import { CreatePlan, type PlanOffer, RetirePlan } from '../commands/plans.js';
import { ChangePlan } from '../commands/change-plan.js';
import { OpenMembershipCheckout } from '../commands/open-membership-checkout.js';
import { ChangeSubscription, Subscribe } from '../commands/subscriptions.js';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { GetPlan, ListMySubscriptions, ListPlans } from '../queries/memberships.js';
import { CheckoutDto } from './commerce.dto.js';
import { ChangePlanDto, CreatePlanDto, PlanDto, PlanPageDto, PlansQueryDto, SubscribeDto, SubscriptionDto, SubscriptionPageDto } from './memberships.dto.js';

function offerOf(body: CreatePlanDto): PlanOffer {
  if ((body.appliesTo === 'content') !== (body.contentId !== undefined)) {
    throw CommerceErrors.planTermsInvalid('contentId goes with appliesTo content, and only with it');
  }
  return {
    name: body.name,
    scope: body.appliesTo === 'content' ? { kind: 'content', contentId: body.contentId! } : { kind: body.appliesTo },
    priceCents: body.priceCents,
    currency: body.currency,
    period: { unit: body.periodUnit, count: body.periodCount ?? 1 },
    trialDays: body.trialDays ?? 0,
  };
}

/** Membership plans (会员): creators offer them over their catalogue or one item, staff a VIP plan over everything. */
@ApiTags('plans')
@Controller('api/v1')
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('plans')
  @Public('plans on offer are public, like the catalogue')
  @ApiOperation({ operationId: 'listPlans', summary: 'List the plans on offer, newest first; filter by creator or by an item they open' })
  @ApiOkResponse({ type: PlanPageDto })
  list(@Query() query: PlansQueryDto): Promise<PlanPageDto> {
    return this.queries.execute(
      new ListPlans({ creatorId: query.creatorId, contentId: query.contentId }, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor),
    );
  }

  @Get('plans/:id')
  @Public('plans are public, like the catalogue; a retired plan still describes what its members hold')
  @ApiOperation({ operationId: 'getPlan', summary: 'Get one plan, offered or retired' })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblem(404, { 'COMMERCE.PLAN_NOT_FOUND': 'No such plan' })
  async get(@Param('id', UuidParam) id: string): Promise<PlanDto> {
    const plan = await this.queries.execute(new GetPlan(id));
    if (!plan) throw CommerceErrors.planNotFound();
    return plan;
  }

  @Post('plans')
  @Policy('create', 'Plan')
  @Idempotent()
  @ApiOperation({
    operationId: 'createPlan',
    summary: 'Offer a membership plan: a price per period (with an optional free trial) for reading a catalogue, one item or everything',
    description: 'Creators offer plans over their own catalogue or one of their items; only staff offer a platform (VIP) plan.',
  })
  @ApiCreatedResponse({ type: PlanDto })
  @ApiProblem(403, { 'AUTHZ.FORBIDDEN': 'A creator may only offer plans over their own items' })
  @ApiProblem(422, {
    'COMMERCE.PLAN_TERMS_INVALID': 'The terms do not work together; `detail` says why',
    'COMMERCE.CONTENT_NOT_FOR_SALE': 'The item is not a published content',
  })
  async create(@Body() body: CreatePlanDto, @RequestContext() context: CommandContext, @Req() request: FastifyRequest): Promise<PlanDto> {
    const { planId } = await this.commands.execute(new CreatePlan(offerOf(body), idempotencyKeyOf(request), context));
    return (await this.queries.execute(new GetPlan(planId)))!;
  }

  @Get('creator/plans')
  @Policy('create', 'Plan')
  @ApiOperation({ operationId: 'listMyPlans', summary: 'The plans the caller offers, retired ones included, newest first' })
  @ApiOkResponse({ type: PlanPageDto })
  mine(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<PlanPageDto> {
    return this.queries.execute(new ListPlans({ ownerId: actor.userId }, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('plans/:id/retire')
  @HttpCode(200)
  @Policy('retire', 'Plan')
  @ApiOperation({ operationId: 'retirePlan', summary: 'Stop a plan taking new members; its members keep their subscriptions' })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblem(404, { 'COMMERCE.PLAN_NOT_FOUND': 'No such plan among those the caller may retire' })
  async retire(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<PlanDto> {
    await this.commands.execute(new RetirePlan(id, context));
    return (await this.queries.execute(new GetPlan(id)))!;
  }
}

/** A member's own subscriptions: subscribe, see what they hold and what is to pay, cancel and resume. */
@ApiTags('subscriptions')
@Controller('api/v1/me/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('create', 'Membership')
  @ApiOperation({
    operationId: 'subscribe',
    summary: 'Subscribe to a plan: on its free trial (once per member and plan), or with a first charge to pay',
    description:
      'One subscription per member and plan: asking again while it runs returns it (200). Renewals are charged a day before the paid ' +
      'time ends; a failed renewal is retried (MEMBERSHIP_RETRY_DAYS) while access runs on through the grace (MEMBERSHIP_GRACE_DAYS).',
  })
  @ApiCreatedResponse({ type: SubscriptionDto, description: 'Subscribed: trialing, or pending until its first charge is paid' })
  @ApiOkResponse({ type: SubscriptionDto, description: 'The caller already holds a running subscription to this plan: here it is' })
  @ApiProblem(403, { 'AUTH.EMAIL_UNVERIFIED': 'The caller has not verified their email address yet (they may browse, not buy)' })
  @ApiProblem(404, { 'COMMERCE.PLAN_NOT_FOUND': 'No such plan' })
  @ApiProblem(409, {
    'COMMERCE.PLAN_RETIRED': 'The plan takes no new members',
    'EVENT_STORE.VERSION_CONFLICT': 'Another request changed this subscription at the same moment; retry',
  })
  @ApiProblem(422, { 'COMMERCE.CONTENT_NOT_FOR_SALE': "The plan's column is off the catalogue (unpublished or hidden): it takes no new members" })
  async subscribe(
    @Body() body: SubscribeDto,
    @RequestContext() context: CommandContext,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubscriptionDto> {
    const { subscriptionId, created } = await this.commands.execute(new Subscribe(body.planId, context));
    if (!created) void reply.status(200);
    return this.one(actor.userId, subscriptionId);
  }

  @Get()
  @Policy('read', 'Membership')
  @ApiOperation({ operationId: 'listMySubscriptions', summary: "The caller's subscriptions, most recently changed first" })
  @ApiOkResponse({ type: SubscriptionPageDto })
  list(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<SubscriptionPageDto> {
    return this.queries.execute(new ListMySubscriptions(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Get(':id')
  @Policy('read', 'Membership')
  @ApiOperation({ operationId: 'getMySubscription', summary: 'One subscription of the caller, with the charge waiting to be paid' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblem(404, { 'COMMERCE.SUBSCRIPTION_NOT_FOUND': "No such subscription among the caller's own" })
  get(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<SubscriptionDto> {
    return this.one(actor.userId, id);
  }

  @Post(':id/checkout')
  @HttpCode(200)
  @Policy('pay', 'Membership')
  @ApiOperation({
    operationId: 'openMembershipCheckout',
    summary: "Open the subscription's waiting charge at the payment provider, and say how the member pays it",
    description: 'Opened once at the provider however often this is asked; the subscription is paid when the provider says so.',
  })
  @ApiOkResponse({ type: CheckoutDto })
  @ApiProblem(404, { 'COMMERCE.SUBSCRIPTION_NOT_FOUND': "No such subscription among the caller's own" })
  @ApiProblem(409, { 'COMMERCE.NO_CHARGE_OPEN': 'Nothing of this subscription is waiting to be paid' })
  @ApiProblem(422, { 'COMMERCE.CONTENT_NOT_FOR_SALE': "The plan's column was taken off the catalogue before the first charge was paid" })
  checkout(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<CheckoutDto> {
    return this.commands.execute(new OpenMembershipCheckout(id, context));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Policy('cancel', 'Membership')
  @ApiOperation({
    operationId: 'cancelMySubscription',
    summary: 'Cancel: no more charges; it runs to the end of the time paid for (a charge still in flight is owed back if it goes through)',
  })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblem(404, { 'COMMERCE.SUBSCRIPTION_NOT_FOUND': "No such subscription among the caller's own" })
  @ApiProblem(409, {
    'COMMERCE.SUBSCRIPTION_ENDED': 'It has ended already',
    'EVENT_STORE.VERSION_CONFLICT': 'Something else changed this subscription at the same moment; retry',
  })
  async cancel(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext, @CurrentActor() actor: Actor): Promise<SubscriptionDto> {
    await this.commands.execute(new ChangeSubscription(id, 'cancel', context));
    return this.one(actor.userId, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Policy('resume', 'Membership')
  @ApiOperation({ operationId: 'resumeMySubscription', summary: 'Take back a cancellation before the subscription ends: renewals go on' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblem(404, { 'COMMERCE.SUBSCRIPTION_NOT_FOUND': "No such subscription among the caller's own" })
  @ApiProblem(409, {
    'COMMERCE.SUBSCRIPTION_ENDED': 'It has ended already; subscribe again',
    'EVENT_STORE.VERSION_CONFLICT': 'Something else changed this subscription at the same moment; retry',
  })
  async resume(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext, @CurrentActor() actor: Actor): Promise<SubscriptionDto> {
    await this.commands.execute(new ChangeSubscription(id, 'resume', context));
    return this.one(actor.userId, id);
  }

  @Post(':id/change-plan')
  @HttpCode(200)
  @Policy('change', 'Membership')
  @ApiOperation({
    operationId: 'changeMySubscriptionPlan',
    summary: 'Move to another plan of the same owner: a full period of it from now, less the credit for the days left (to the day)',
    description:
      'The credit is the price of the period paid times the whole days left of it over its days. When the new price is more, ' +
      'the difference is charged (openPayment, purpose plan-change) and the move happens once it is paid; unpaid in time or ' +
      'declined, the subscription stays as it was. When the credit covers the new price, the move is immediate and what is ' +
      'left of the credit buys extra days of the new plan: no money changes hands.',
  })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblem(404, {
    'COMMERCE.SUBSCRIPTION_NOT_FOUND': "No such subscription among the caller's own",
    'COMMERCE.PLAN_NOT_FOUND': 'No such plan',
  })
  @ApiProblem(409, {
    'COMMERCE.SUBSCRIPTION_ENDED': 'It has ended already; subscribe again',
    'COMMERCE.SUBSCRIPTION_NOT_CHANGEABLE': 'Not paid and running, canceled, or a charge is in flight',
    'COMMERCE.PLAN_CHANGE_PENDING': 'A move to another plan waits for its payment',
    'COMMERCE.PLAN_RETIRED': 'The plan takes no new members',
    'COMMERCE.ALREADY_SUBSCRIBED': 'The caller already has a subscription to that plan',
    'EVENT_STORE.VERSION_CONFLICT': 'Something else changed this subscription at the same moment; retry',
  })
  @ApiProblem(422, {
    'COMMERCE.PLAN_CHANGE_NOT_ALLOWED': 'The plan belongs to another owner, or is priced in another currency',
    'COMMERCE.CONTENT_NOT_FOR_SALE': "The plan's column is off the catalogue (unpublished or hidden): it takes no new members",
  })
  async changePlan(
    @Param('id', UuidParam) id: string,
    @Body() body: ChangePlanDto,
    @RequestContext() context: CommandContext,
    @CurrentActor() actor: Actor,
  ): Promise<SubscriptionDto> {
    await this.commands.execute(new ChangePlan(id, body.planId, context));
    return this.one(actor.userId, id);
  }

  private async one(userId: string, subscriptionId: string): Promise<SubscriptionDto> {
    const { items } = await this.queries.execute(new ListMySubscriptions(userId, 1, undefined, subscriptionId));
    if (!items[0]) throw CommerceErrors.subscriptionNotFound();
    return items[0];
  }
}

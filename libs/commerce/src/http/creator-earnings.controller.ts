import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
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
  RequestContext,
  UuidParam,
} from '#platform';
import { CancelPayout } from '../commands/cancel-payout.js';
import { RequestPayout, SetPayoutAccount, StartStripeOnboarding } from '../commands/payouts.js';
import { GetCreatorEarnings } from '../queries/get-creator-earnings.js';
import { GetEarningsStatement, ListPayouts } from '../queries/payouts-and-statement.js';
import { GetWechatPayoutConfirmation } from '../queries/wechat-payout-confirmation.js';
import { EarningsDto, PayoutAccountDto, PayoutDto, PayoutPageDto, PayoutsQueryDto, RequestPayoutDto, StatementPageDto, StripeOnboardingDto, WechatPayoutConfirmationDto } from './commerce.dto.js';

/** A creator's own money: earnings, the statement behind them, and payouts. */
@ApiTags('creator')
@Controller('api/v1/creator')
export class CreatorEarningsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('earnings')
  @Policy('read', 'Earnings')
  @ApiOperation({ operationId: 'getMyEarnings', summary: "The caller's earnings: pending, available, on the way and paid, and month by month" })
  @ApiOkResponse({ type: EarningsDto })
  earnings(@CurrentActor() actor: Actor): Promise<EarningsDto> {
    return this.queries.execute(new GetCreatorEarnings(actor.userId));
  }

  @Get('earnings/statement')
  @Policy('read', 'Earnings')
  @ApiOperation({ operationId: 'getMyEarningsStatement', summary: 'Every movement of the caller\'s earnings, newest first, each linked to its order, refund or payout' })
  @ApiOkResponse({ type: StatementPageDto })
  statement(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<StatementPageDto> {
    return this.queries.execute(new GetEarningsStatement(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('payouts')
  @Policy('requestPayout', 'Earnings')
  @Idempotent()
  @ApiOperation({
    operationId: 'requestPayout',
    summary: 'Ask to be paid (at least PAYOUT_MINIMUM_CENTS, at most what is available)',
    description: 'Finance approves it; the provider pays it and confirms. A failed payout returns to the available balance.',
  })
  @ApiCreatedResponse({ type: PayoutDto })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Another payout request of yours ran at the same moment; retry with the same key' })
  @ApiProblem(422, {
    'COMMERCE.PAYOUT_BELOW_MINIMUM': 'Less than the smallest payout; `detail` says how much that is',
    'COMMERCE.PAYOUT_EXCEEDS_AVAILABLE': 'More than is available; `detail` says how much is',
  })
  async requestPayout(
    @Body() body: RequestPayoutDto,
    @RequestContext() context: CommandContext,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
  ): Promise<PayoutDto> {
    const { payoutId } = await this.commands.execute(new RequestPayout(body.amountCents, body.currency, idempotencyKeyOf(request), context));
    const { items } = await this.queries.execute(new ListPayouts({ creatorId: actor.userId, payoutId }, 1));
    return items[0]!;
  }

  @Get('payouts')
  @Policy('read', 'Earnings')
  @ApiOperation({ operationId: 'listMyPayouts', summary: "The caller's payouts, most recently changed first" })
  @ApiOkResponse({ type: PayoutPageDto })
  payouts(@Query() query: PayoutsQueryDto, @CurrentActor() actor: Actor): Promise<PayoutPageDto> {
    return this.queries.execute(new ListPayouts({ creatorId: actor.userId, status: query.status }, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Get('payouts/:payoutId/wechat-confirmation')
  @Policy('read', 'Earnings')
  @ApiOperation({
    operationId: 'getMyPayoutWechatConfirmation',
    summary: "What the caller's WeChat client needs to confirm receipt of a payout (商家转账: wx.requestMerchantTransfer's mchId, appId and package)",
    description: 'WeChat Pay pays a transfer bill once its payee confirms it in WeChat; packageInfo is set while the bill waits for them (WAIT_USER_CONFIRM). Unconfirmed for long, WeChat Pay cancels it and the payout fails (the money is back in the balance).',
  })
  @ApiOkResponse({ type: WechatPayoutConfirmationDto })
  @ApiProblem(404, { 'COMMERCE.PAYOUT_NOT_FOUND': 'No payout of yours with this id is paid through WeChat Pay' })
  wechatConfirmation(@Param('payoutId', UuidParam) payoutId: string, @CurrentActor() actor: Actor): Promise<WechatPayoutConfirmationDto> {
    return this.queries.execute(new GetWechatPayoutConfirmation(actor.userId, payoutId));
  }

  @Post('payouts/:payoutId/cancel')
  @HttpCode(200)
  @Policy('requestPayout', 'Earnings')
  @ApiOperation({
    operationId: 'cancelMyPayout',
    summary: "Cancel one of the caller's payouts whose WeChat Pay transfer bill waits for them to confirm it",
    description:
      'WeChat Pay is asked to cancel the bill (撤销转账); once it answers, the payout fails and its amount is available again (once, however often ' +
      'asked). A bill the caller confirmed meanwhile is paid, not cancelled (409, its detail saying it is paid).',
  })
  @ApiOkResponse({ type: PayoutDto })
  @ApiProblem(404, { 'COMMERCE.PAYOUT_NOT_FOUND': 'No payout of yours with this id' })
  @ApiProblem(409, {
    'COMMERCE.PAYOUT_NOT_CANCELLABLE': 'The payout does not wait for your confirmation at WeChat Pay (not approved yet, paid, failed, or not a transfer bill); `detail` says what it is',
    'EVENT_STORE.VERSION_CONFLICT': 'Your payouts changed at the same moment; send it again',
  })
  async cancelPayout(@Param('payoutId', UuidParam) payoutId: string, @RequestContext() context: CommandContext, @CurrentActor() actor: Actor): Promise<PayoutDto> {
    await this.commands.execute(new CancelPayout(payoutId, context));
    return (await this.queries.execute(new ListPayouts({ creatorId: actor.userId, payoutId }, 1))).items[0]!;
  }

  @Put('payout-account')
  @Policy('requestPayout', 'Earnings')
  @ApiOperation({
    operationId: 'setMyPayoutAccount',
    summary: 'Say where a provider is to pay the caller',
    description:
      'Finance can approve a payout through the configured provider (PAYMENT_PROVIDER) only once the creator gave an account there; ' +
      'a payout is sent to the account given when it was approved.',
  })
  @ApiOkResponse({ type: PayoutAccountDto })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Your payouts changed at the same moment; send it again' })
  async setPayoutAccount(@Body() body: PayoutAccountDto, @RequestContext() context: CommandContext): Promise<PayoutAccountDto> {
    const payee = { account: body.account, name: body.name ?? null };
    await this.commands.execute(new SetPayoutAccount(body.provider, payee, context));
    return { provider: body.provider, ...payee };
  }

  @Post('payout-account/stripe/onboarding')
  @Policy('requestPayout', 'Earnings')
  @ApiOperation({
    operationId: 'startMyStripeOnboarding',
    summary: "A link to Stripe's hosted onboarding of the caller's connected account",
    description:
      'The first time, an Express connected account is made for the caller and becomes their Stripe payout account; Stripe pays out to it only once ' +
      'onboarding is done (its account.updated notification says so): until then finance cannot approve a Stripe payout to it. Asked again, a new link to the same account.',
  })
  @ApiOkResponse({ type: StripeOnboardingDto })
  @ApiProblem(404, { 'COMMERCE.PAYMENT_PROVIDER_NOT_FOUND': 'Stripe is not configured here' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Your payouts changed at the same moment; send it again' })
  @HttpCode(200)
  startStripeOnboarding(@RequestContext() context: CommandContext): Promise<StripeOnboardingDto> {
    return this.commands.execute(new StartStripeOnboarding(context));
  }
}

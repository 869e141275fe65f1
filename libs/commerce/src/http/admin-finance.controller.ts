import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, DEFAULT_PAGE_SIZE, KeyParam, PageQueryDto, Policy, RequestContext, UuidParam, StepUp } from '#platform';
import { DecideRefund } from '../commands/decide-refund.js';
import { CancelPayout } from '../commands/cancel-payout.js';
import { DecidePayout } from '../commands/payouts.js';
import { ListPayouts } from '../queries/payouts-and-statement.js';
import { GetRefundsDue } from '../queries/get-refunds-due.js';
import { GetRefund, ListRefunds } from '../queries/list-refunds.js';
import {
  ApproveRefundDto,
  PayoutDto,
  PayoutPageDto,
  PayoutsQueryDto,
  RefundDto,
  RefundDuePageDto,
  RefundPageDto,
  RefundsQueryDto,
  RejectRefundDto,
} from './commerce.dto.js';

const DECISION_CONFLICTS = {
  'COMMERCE.REFUND_NOT_PENDING': 'The refund was decided already the other way',
  'EVENT_STORE.VERSION_CONFLICT': 'The order changed at the same moment; reload and decide again',
};

@ApiTags('admin: finance')
@Controller('api/v1/admin/finance')
export class AdminFinanceController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('refunds-due')
  @Policy('read', 'RefundDue')
  @ApiOperation({
    operationId: 'listRefundsDue',
    summary: 'List payments owed back to buyers, newest first',
    description: 'Money received that granted nothing: paid after the order failed, or for items the buyer already held.',
  })
  @ApiOkResponse({ type: RefundDuePageDto, description: 'Payments that granted nothing (late, or for items already held), newest first' })
  refundsDue(@Query() page: PageQueryDto): Promise<RefundDuePageDto> {
    return this.queries.execute(new GetRefundsDue(page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Get('refunds')
  @Policy('read', 'Refund')
  @ApiOperation({ operationId: 'listRefunds', summary: 'List refunds, most recently changed first (status=requested: the ones to decide)' })
  @ApiOkResponse({ type: RefundPageDto })
  refunds(@Query() query: RefundsQueryDto): Promise<RefundPageDto> {
    return this.queries.execute(new ListRefunds({ status: query.status }, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Post('refunds/:refundId/approve')
  @HttpCode(200)
  @Policy('decide', 'Refund')
  @ApiOperation({
    operationId: 'approveRefund',
    summary: 'Approve a refund request (all that was asked, or less)',
    description: 'The provider is instructed to pay it back; the money moves, and the ledger and access follow, when it confirms.',
  })
  @ApiOkResponse({ type: RefundDto, description: 'The refund, now approved' })
  @ApiProblem(403, { 'AUTH.STEP_UP_REQUIRED': 'Approving REFUND_STEP_UP_CENTS or more needs a second factor passed within the last minutes: POST /api/v1/auth/step-up' })
  @ApiProblem(404, { 'COMMERCE.REFUND_NOT_FOUND': 'No such refund' })
  @ApiProblem(409, DECISION_CONFLICTS)
  @ApiProblem(422, { 'COMMERCE.REFUND_EXCEEDS_PAYMENT': 'More than was asked, or than is left of the payment' })
  async approve(
    @Param('refundId', KeyParam) refundId: string,
    @Body() body: ApproveRefundDto,
    @RequestContext() context: CommandContext,
  ): Promise<RefundDto> {
    await this.commands.execute(new DecideRefund(refundId, { type: 'approve', amountCents: body.amountCents ?? null }, context));
    return (await this.queries.execute(new GetRefund(refundId)))!;
  }

  @Post('refunds/:refundId/reject')
  @HttpCode(200)
  @Policy('decide', 'Refund')
  @ApiOperation({ operationId: 'rejectRefund', summary: 'Reject a refund request, with the reason the buyer will read' })
  @ApiOkResponse({ type: RefundDto, description: 'The refund, now rejected' })
  @ApiProblem(404, { 'COMMERCE.REFUND_NOT_FOUND': 'No such refund' })
  @ApiProblem(409, DECISION_CONFLICTS)
  async reject(
    @Param('refundId', KeyParam) refundId: string,
    @Body() body: RejectRefundDto,
    @RequestContext() context: CommandContext,
  ): Promise<RefundDto> {
    await this.commands.execute(new DecideRefund(refundId, { type: 'reject', reason: body.reason }, context));
    return (await this.queries.execute(new GetRefund(refundId)))!;
  }

  @Get('payouts')
  @Policy('read', 'Payout')
  @ApiOperation({ operationId: 'listPayouts', summary: 'List creator payouts, most recently changed first (status=requested: the ones to decide)' })
  @ApiOkResponse({ type: PayoutPageDto })
  payouts(@Query() query: PayoutsQueryDto): Promise<PayoutPageDto> {
    return this.queries.execute(new ListPayouts({ status: query.status }, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Post('payouts/:payoutId/approve')
  @HttpCode(200)
  @Policy('decide', 'Payout')
  @StepUp()
  @ApiOperation({
    operationId: 'approvePayout',
    summary: 'Approve a creator payout',
    description:
      "The configured provider is to pay it, to the account the creator gave it; the ledger moves when it confirms (payout.paid: in the provider's answer, its notification or when reconciliation asks), and a failure returns it to the balance.",
  })
  @ApiOkResponse({ type: PayoutDto })
  @ApiProblem(404, { 'COMMERCE.PAYOUT_NOT_FOUND': 'No such payout' })
  @ApiProblem(409, {
    'COMMERCE.PAYOUT_ACCOUNT_MISSING': 'The creator has not said where the configured provider is to pay them (PUT /api/v1/creator/payout-account)',
    'COMMERCE.PAYOUT_ACCOUNT_NOT_ENABLED': "The provider says it cannot pay out to the creator's account yet (a Stripe account whose onboarding is not finished)",
    'COMMERCE.PAYOUT_PAYEE_NAME_MISSING': "WeChat Pay pays 2,000 yuan or more only to a payee named with their real name; the creator's payout account has none",
    'COMMERCE.PAYOUT_NOT_PENDING': 'The payout was decided already the other way',
    'EVENT_STORE.VERSION_CONFLICT': 'The creator\'s payouts changed at the same moment; decide again',
  })
  async approvePayout(@Param('payoutId', UuidParam) payoutId: string, @RequestContext() context: CommandContext): Promise<PayoutDto> {
    await this.commands.execute(new DecidePayout(payoutId, { type: 'approve' }, context));
    return (await this.queries.execute(new ListPayouts({ payoutId }, 1))).items[0]!;
  }

  @Post('payouts/:payoutId/cancel')
  @HttpCode(200)
  @Policy('decide', 'Payout')
  @ApiOperation({
    operationId: 'cancelPayout',
    summary: "Cancel a payout whose WeChat Pay transfer bill waits for its creator's confirmation",
    description:
      'WeChat Pay is asked to cancel the bill (撤销转账); once it answers, the payout fails and its amount is available to the creator again (once, however ' +
      'often asked). A bill the creator confirmed meanwhile is paid, not cancelled (409, its detail saying it is paid).',
  })
  @ApiOkResponse({ type: PayoutDto })
  @ApiProblem(404, { 'COMMERCE.PAYOUT_NOT_FOUND': 'No such payout' })
  @ApiProblem(409, {
    'COMMERCE.PAYOUT_NOT_CANCELLABLE': 'The payout does not wait for its creator at WeChat Pay (not approved yet, paid, failed, or not a transfer bill); `detail` says what it is',
    'EVENT_STORE.VERSION_CONFLICT': "The creator's payouts changed at the same moment; send it again",
  })
  async cancelPayout(@Param('payoutId', UuidParam) payoutId: string, @RequestContext() context: CommandContext): Promise<PayoutDto> {
    await this.commands.execute(new CancelPayout(payoutId, context));
    return (await this.queries.execute(new ListPayouts({ payoutId }, 1))).items[0]!;
  }

  @Post('payouts/:payoutId/reject')
  @HttpCode(200)
  @Policy('decide', 'Payout')
  @ApiOperation({ operationId: 'rejectPayout', summary: 'Reject a creator payout, with the reason they will read' })
  @ApiOkResponse({ type: PayoutDto })
  @ApiProblem(404, { 'COMMERCE.PAYOUT_NOT_FOUND': 'No such payout' })
  @ApiProblem(409, {
    'COMMERCE.PAYOUT_NOT_PENDING': 'The payout was decided already the other way',
    'EVENT_STORE.VERSION_CONFLICT': 'The creator\'s payouts changed at the same moment; decide again',
  })
  async rejectPayout(
    @Param('payoutId', UuidParam) payoutId: string,
    @Body() body: RejectRefundDto,
    @RequestContext() context: CommandContext,
  ): Promise<PayoutDto> {
    await this.commands.execute(new DecidePayout(payoutId, { type: 'reject', reason: body.reason }, context));
    return (await this.queries.execute(new ListPayouts({ payoutId }, 1))).items[0]!;
  }
}

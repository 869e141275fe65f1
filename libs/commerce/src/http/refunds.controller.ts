import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
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
  Policy,
  RequestContext,
  UuidParam,
} from '#platform';
import { RequestRefund } from '../commands/request-refund.js';
import { GetRefund, ListRefunds } from '../queries/list-refunds.js';
import { RefundDto, RefundPageDto, RefundsQueryDto, RequestRefundDto } from './commerce.dto.js';

/** A buyer's side of refunds: ask for money back on a paid order, and follow what happens to it. */
@ApiTags('orders')
@Controller('api/v1/me')
export class RefundsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('orders/:id/refunds')
  @Policy('requestRefund', 'Order')
  @Idempotent()
  @ApiOperation({
    operationId: 'requestRefund',
    summary: 'Ask for (part of) the money of a paid order back',
    description: 'Within REFUND_WINDOW_DAYS of paying; finance approves or rejects it. A full refund ends the access the order gave.',
  })
  @ApiCreatedResponse({ type: RefundDto, description: 'The request, waiting for finance' })
  @ApiProblem(404, { 'COMMERCE.ORDER_NOT_FOUND': 'No such order among yours' })
  @ApiProblem(409, {
    'COMMERCE.ORDER_NOT_PAID': 'The order was never paid',
    'COMMERCE.REFUND_WINDOW_CLOSED': 'The window for refunds of this order has closed; `detail` says when',
    'COMMERCE.REFUND_POLICY_LESSONS_OPENED': 'More than REFUND_MAX_LESSONS_OPENED_PERCENT of the lessons of an item were opened; `detail` names the items',
    'COMMERCE.REFUND_IN_PROGRESS': 'A refund of this order is still being handled',
    'EVENT_STORE.VERSION_CONFLICT': 'The order changed at the same moment; retry with the same key',
  })
  @ApiProblem(422, { 'COMMERCE.REFUND_EXCEEDS_PAYMENT': 'More than is left of the payment; `detail` says how much can be refunded' })
  async request(
    @Param('id', UuidParam) id: string,
    @Body() body: RequestRefundDto,
    @RequestContext() context: CommandContext,
    @Req() request: FastifyRequest,
  ): Promise<RefundDto> {
    const { refundId } = await this.commands.execute(new RequestRefund(id, body.amountCents ?? null, body.reason, idempotencyKeyOf(request), context));
    return (await this.queries.execute(new GetRefund(refundId)))!;
  }

  @Get('refunds')
  @Policy('read', 'Order')
  @ApiOperation({ operationId: 'listMyRefunds', summary: "List the caller's refunds, most recently changed first" })
  @ApiOkResponse({ type: RefundPageDto })
  mine(@Query() query: RefundsQueryDto, @CurrentActor() actor: Actor): Promise<RefundPageDto> {
    return this.queries.execute(new ListRefunds({ buyerId: actor.userId, status: query.status }, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }
}

import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type Actor,
  type AppAbility,
  Authenticated,
  CallerAbility,
  type CommandContext,
  CurrentActor,
  DEFAULT_PAGE_SIZE,
  idempotencyKeyOf,
  Idempotent,
  PageQueryDto,
  Policy,
  ProblemDetailsDto,
  RequestContext,
  UuidParam,
} from '#platform';
import { PlaceOrder } from '../commands/place-order.js';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { GetMyEntitlements } from '../queries/get-my-entitlements.js';
import { GetMyOrders } from '../queries/get-my-orders.js';
import { GetOrder } from '../queries/get-order.js';
import { EntitlementPageDto, OrderDto, OrderPageDto, PlaceOrderDto } from './commerce.dto.js';

@ApiTags('orders')
@Controller('api/v1')
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('orders')
  @Policy('create', 'Order')
  @Idempotent()
  @ApiCreatedResponse({ type: OrderDto, description: 'A pending order with its sandbox payment' })
  @ApiOkResponse({ type: OrderDto, description: 'You already had an unpaid order for exactly these items: here it is, pay that one' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'Already owned, an unpaid order of yours holds some of these items (its id is in the problem), or the key is in flight',
  })
  async placeOrder(
    @Body() body: PlaceOrderDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    const { orderId, created } = await this.commands.execute(new PlaceOrder(body.contentIds, idempotencyKeyOf(request), context));
    if (!created) void reply.status(200);
    return this.queries.execute(new GetOrder(orderId, ability));
  }

  @Get('me/orders')
  @Policy('read', 'Order')
  @ApiOkResponse({ type: OrderPageDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  myOrders(
    @Query() page: PageQueryDto,
    @CurrentActor() actor: Actor,
    @CallerAbility() ability: AppAbility,
  ): Promise<OrderPageDto> {
    return this.queries.execute(new GetMyOrders(actor.userId, ability, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Get('me/orders/:id')
  @Policy('read', 'Order')
  @ApiOkResponse({ type: OrderDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No such order among yours' })
  async myOrder(
    @Param('id', UuidParam) id: string,
    @CurrentActor() actor: Actor,
    @CallerAbility() ability: AppAbility,
  ): Promise<OrderDto> {
    const order = await this.queries.execute(new GetOrder(id, ability));
    // "me" means mine, even for staff who may read every order elsewhere.
    if (order.buyerId !== actor.userId) throw CommerceErrors.orderNotFound();
    return order;
  }

  @Get('me/entitlements')
  @Authenticated()
  @ApiOkResponse({ type: EntitlementPageDto })
  myEntitlements(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<EntitlementPageDto> {
    return this.queries.execute(new GetMyEntitlements(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }
}

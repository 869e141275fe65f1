import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type Actor,
  ApiProblem,
  type AppAbility,
  Authenticated,
  CallerAbility,
  type CommandContext,
  CurrentActor,
  DEFAULT_PAGE_SIZE,
  HttpProblem,
  idempotencyKeyOf,
  Idempotent,
  PageQueryDto,
  Policy,
  RequestContext,
  UuidParam,
} from '#platform';
import { OpenCheckout } from '../commands/open-checkout.js';
import { PlaceOrder } from '../commands/place-order.js';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { GetMyAccess } from '../queries/get-my-access.js';
import { GetMyOrders } from '../queries/get-my-orders.js';
import { GetOrder } from '../queries/get-order.js';
import { CheckoutDto, EntitlementPageDto, OrderDto, OrderPageDto, PlaceOrderDto } from './commerce.dto.js';

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
  @ApiOperation({
    operationId: 'placeOrder',
    summary: 'Place an order for published contents, or for a bundle',
    description:
      'Prices the items, opens a payment with the configured provider and records a pending order (pay it through `POST /api/v1/me/orders/{id}/checkout`). A retry with the same Idempotency-Key and body ' +
      'gets the same answer (`Idempotent-Replayed: true`); the order is never placed twice. A bundle\'s price is shared over its items ' +
      'in proportion to their list prices; items the buyer holds already leave the order with their share (BUNDLE_OWNED_ITEMS=price-out), ' +
      'or make it refused (refuse).',
  })
  @ApiCreatedResponse({ type: OrderDto, description: 'A pending order with its payment' })
  @ApiOkResponse({ type: OrderDto, description: 'You already had an unpaid order for exactly these items: here it is, pay that one' })
  @ApiProblem(409, {
    'COMMERCE.ALREADY_OWNED': 'The caller already owns some of these items (or, for a bundle, all of them or any where the operator refuses those); `detail` names them',
    'COMMERCE.BUNDLE_RETIRED': 'The bundle is no longer sold',
    'COMMERCE.ORDER_PENDING': 'An unpaid order of the caller holds some of these items; `detail` names it. Pay it, or wait until it fails',
    'COMMERCE.COUPON_NOT_VALID_NOW': 'The coupon cannot be used at this time; `detail` says when it can',
    'COMMERCE.COUPON_EXHAUSTED': 'The coupon has been used as often as it allows',
    'COMMERCE.COUPON_USED_UP': 'The caller has used the coupon as often as it allows one buyer',
    'EVENT_STORE.VERSION_CONFLICT': 'A retry of this order ran at the same moment as an attempt that had stalled; retry with the same key',
  })
  @ApiProblem(403, { 'AUTH.EMAIL_UNVERIFIED': 'The buyer has not verified their email address yet (they may browse, not buy)' })
  @ApiProblem(422, {
    'COMMERCE.CONTENT_NOT_FOR_SALE': 'Some items are not published contents on sale; `detail` names them',
    'COMMERCE.CANNOT_BUY_OWN_CONTENT': 'The caller created some of these items; `detail` names them',
    'COMMERCE.MIXED_CURRENCIES': 'The items are not all priced in one currency',
    'COMMERCE.COUPON_NOT_APPLICABLE': 'The coupon does not apply to any of these items (or not in their currency)',
  })
  @ApiProblem(404, { 'COMMERCE.COUPON_NOT_FOUND': 'No coupon has this code', 'COMMERCE.BUNDLE_NOT_FOUND': 'No such bundle' })
  async placeOrder(
    @Body() body: PlaceOrderDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    if ((body.contentIds === undefined) === (body.bundleId === undefined)) {
      throw HttpProblem.forFields(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', [
        { field: 'contentIds', messages: ['give either contentIds or bundleId'] },
      ]);
    }
    const { orderId, created } = await this.commands.execute(
      new PlaceOrder(body.contentIds ?? [], idempotencyKeyOf(request), context, body.couponCode ?? null, body.bundleId ?? null),
    );
    if (!created) void reply.status(200);
    return this.queries.execute(new GetOrder(orderId, ability));
  }

  @Get('me/orders')
  @Policy('read', 'Order')
  @ApiOperation({ operationId: 'listMyOrders', summary: "List the caller's orders, newest first" })
  @ApiOkResponse({ type: OrderPageDto })
  myOrders(
    @Query() page: PageQueryDto,
    @CurrentActor() actor: Actor,
    @CallerAbility() ability: AppAbility,
  ): Promise<OrderPageDto> {
    return this.queries.execute(new GetMyOrders(actor.userId, ability, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Get('me/orders/:id')
  @Policy('read', 'Order')
  @ApiOperation({ operationId: 'getMyOrder', summary: 'Get one order of the caller, with its payment' })
  @ApiOkResponse({ type: OrderDto })
  @ApiProblem(404, { 'COMMERCE.ORDER_NOT_FOUND': 'No such order among the caller\'s own' })
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

  @Post('me/orders/:id/checkout')
  @HttpCode(200)
  @Policy('pay', 'Order')
  @ApiOperation({
    operationId: 'openCheckout',
    summary: "Open a pending order's payment at its provider, and say how the buyer pays it",
    description:
      'The payment is opened once at the provider, however often this is asked (a retry, a second tab). The order is paid when the ' +
      'provider says so (its notification, or reconciliation), not by this call.',
  })
  @ApiOkResponse({ type: CheckoutDto })
  @ApiProblem(404, { 'COMMERCE.ORDER_NOT_FOUND': "No such order among the caller's own" })
  @ApiProblem(409, { 'COMMERCE.ORDER_NOT_PAYABLE': 'The order is paid, failed or expired already' })
  async checkout(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<CheckoutDto> {
    return this.commands.execute(new OpenCheckout(id, context));
  }

  @Get('me/entitlements')
  @Authenticated()
  @ApiOperation({ operationId: 'listMyEntitlements', summary: 'List the contents the caller may read in full now, with the grants behind each, newest first' })
  @ApiOkResponse({ type: EntitlementPageDto })
  myEntitlements(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<EntitlementPageDto> {
    return this.queries.execute(new GetMyAccess(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }
}

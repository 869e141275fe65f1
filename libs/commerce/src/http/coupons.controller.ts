import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblem,
  type AppAbility,
  CallerAbility,
  type CommandContext,
  DEFAULT_PAGE_SIZE,
  Policy,
  RequestContext,
} from '#platform';
import { type CouponOffer, IssueCoupons } from '../commands/issue-coupons.js';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { ListCoupons } from '../queries/list-coupons.js';
import { CouponBatchDto, CouponDto, CouponPageDto, CouponsQueryDto, IssueCouponBatchDto, IssueCouponDto } from './commerce.dto.js';

/** The offer a body describes, in the domain's terms; a body that states no single discount is refused. */
function offerOf(body: IssueCouponDto, issuerId: string): CouponOffer {
  const percent = body.percentOff !== undefined;
  const fixed = body.amountOffCents !== undefined;
  if (percent === fixed) throw CommerceErrors.couponTermsInvalid('give either percentOff or amountOffCents');
  if (fixed && !body.currency) throw CommerceErrors.couponTermsInvalid('a fixed discount needs its currency');
  if ((body.appliesTo === 'items') !== (body.contentIds !== undefined)) {
    throw CommerceErrors.couponTermsInvalid('contentIds go with appliesTo items, and only with it');
  }
  return {
    discount: fixed ? { kind: 'fixed', amountCents: body.amountOffCents!, currency: body.currency! } : { kind: 'percent', basisPoints: body.percentOff! * 100 },
    scope:
      body.appliesTo === 'items'
        ? { kind: 'items', contentIds: body.contentIds!.map((id) => id.toLowerCase()) }
        : body.appliesTo === 'creator'
          ? { kind: 'creator', creatorId: issuerId }
          : { kind: 'global' },
    validFrom: body.validFrom ? new Date(body.validFrom).toISOString() : new Date().toISOString(),
    validTo: body.validTo ? new Date(body.validTo).toISOString() : null,
    totalLimit: body.totalLimit ?? null,
    perUserLimit: body.perUserLimit ?? null,
  };
}

const ISSUE_PROBLEMS = {
  403: { 'AUTHZ.FORBIDDEN': 'A creator may only issue coupons for their own items' },
  422: {
    'COMMERCE.COUPON_TERMS_INVALID': 'The terms do not work together; `detail` says why',
    'COMMERCE.CONTENT_NOT_FOR_SALE': 'Some of the items are not on sale',
  },
};

/** Coupons (creators for their own items, staff for anything) and batches of single-use codes (兑换码). */
@ApiTags('coupons')
@Controller('api/v1/coupons')
export class CouponsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('issue', 'Coupon')
  @ApiOperation({ operationId: 'issueCoupon', summary: 'Issue a coupon: a code that takes a percentage or an amount off some items' })
  @ApiCreatedResponse({ type: CouponDto })
  @ApiProblem(403, ISSUE_PROBLEMS[403])
  @ApiProblem(409, { 'COMMERCE.COUPON_CODE_TAKEN': 'The code is in use already (whatever its case)' })
  @ApiProblem(422, ISSUE_PROBLEMS[422])
  async issue(@Body() body: IssueCouponDto, @RequestContext() context: CommandContext, @CallerAbility() ability: AppAbility): Promise<CouponDto> {
    const { coupons } = await this.commands.execute(new IssueCoupons(offerOf(body, context.actor!.userId), context, body.code ?? null));
    const { items } = await this.queries.execute(new ListCoupons(ability, 1, undefined, { couponId: coupons[0]!.couponId }));
    return items[0]!;
  }

  @Post('batches')
  @Policy('issue', 'Coupon')
  @ApiOperation({ operationId: 'issueCouponBatch', summary: 'Make a batch of single-use codes (兑换码), each redeemable once' })
  @ApiCreatedResponse({ type: CouponBatchDto })
  @ApiProblem(403, ISSUE_PROBLEMS[403])
  @ApiProblem(422, ISSUE_PROBLEMS[422])
  async batch(@Body() body: IssueCouponBatchDto, @RequestContext() context: CommandContext): Promise<CouponBatchDto> {
    const { batchId, coupons } = await this.commands.execute(new IssueCoupons(offerOf(body, context.actor!.userId), context, null, body.count));
    return { batchId: batchId!, codes: coupons.map((coupon) => coupon.code) };
  }

  @Get()
  @Policy('read', 'Coupon')
  @ApiOperation({ operationId: 'listCoupons', summary: 'List the coupons the caller issued (staff: all), newest first' })
  @ApiOkResponse({ type: CouponPageDto })
  list(@Query() query: CouponsQueryDto, @CallerAbility() ability: AppAbility): Promise<CouponPageDto> {
    return this.queries.execute(new ListCoupons(ability, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor, { batchId: query.batchId }));
  }
}

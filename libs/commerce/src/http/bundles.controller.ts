import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Actor, ApiProblem, type CommandContext, CurrentActor, DEFAULT_PAGE_SIZE, idempotencyKeyOf, Idempotent, PageQueryDto, Policy, Public, RequestContext, UuidParam } from '#platform';
import { CreateBundle, RetireBundle } from '../commands/bundles.js';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { GetBundle, ListBundles } from '../queries/bundles.js';
import { BundleDto, BundlePageDto, BundlesQueryDto, CreateBundleDto } from './bundles.dto.js';

/** Bundles (组合课): several of a creator's items at one price. Bought through POST /api/v1/orders with a bundleId. */
@ApiTags('bundles')
@Controller('api/v1')
export class BundlesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('bundles')
  @Public('bundles on sale are public, like the catalogue')
  @ApiOperation({ operationId: 'listBundles', summary: 'List the bundles on sale, newest first; filter by creator or by an item they hold' })
  @ApiOkResponse({ type: BundlePageDto })
  list(@Query() query: BundlesQueryDto): Promise<BundlePageDto> {
    return this.queries.execute(new ListBundles({ creatorId: query.creatorId, contentId: query.contentId }, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Get('bundles/:id')
  @Public('bundles are public, like the catalogue')
  @ApiOperation({ operationId: 'getBundle', summary: 'Get one bundle with its items and what they cost one by one' })
  @ApiOkResponse({ type: BundleDto })
  @ApiProblem(404, { 'COMMERCE.BUNDLE_NOT_FOUND': 'No such bundle' })
  async get(@Param('id', UuidParam) id: string): Promise<BundleDto> {
    const bundle = await this.queries.execute(new GetBundle(id));
    if (!bundle) throw CommerceErrors.bundleNotFound();
    return bundle;
  }

  @Post('bundles')
  @Policy('create', 'Bundle')
  @Idempotent()
  @ApiOperation({ operationId: 'createBundle', summary: 'Offer several of the caller\'s items together at one price, less than they cost one by one' })
  @ApiCreatedResponse({ type: BundleDto })
  @ApiProblem(403, { 'AUTHZ.FORBIDDEN': 'Some of the items are another creator\'s' })
  @ApiProblem(422, {
    'COMMERCE.BUNDLE_TERMS_INVALID': 'The terms do not work; `detail` says why',
    'COMMERCE.CONTENT_NOT_FOR_SALE': 'Some of the items are not on sale; `detail` names them',
    'COMMERCE.MIXED_CURRENCIES': 'The items, or the bundle, are not all in one currency',
  })
  async create(@Body() body: CreateBundleDto, @RequestContext() context: CommandContext, @Req() request: FastifyRequest): Promise<BundleDto> {
    const { bundleId } = await this.commands.execute(new CreateBundle(body, idempotencyKeyOf(request), context));
    return (await this.queries.execute(new GetBundle(bundleId)))!;
  }

  @Get('creator/bundles')
  @Policy('create', 'Bundle')
  @ApiOperation({ operationId: 'listMyBundles', summary: 'The bundles the caller offers, retired ones included, newest first' })
  @ApiOkResponse({ type: BundlePageDto })
  mine(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<BundlePageDto> {
    return this.queries.execute(new ListBundles({ creatorId: actor.userId, mine: true }, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('bundles/:id/retire')
  @HttpCode(200)
  @Policy('retire', 'Bundle')
  @ApiOperation({ operationId: 'retireBundle', summary: 'Stop selling a bundle; what was bought stays bought' })
  @ApiOkResponse({ type: BundleDto })
  @ApiProblem(404, { 'COMMERCE.BUNDLE_NOT_FOUND': 'No such bundle among those the caller may retire' })
  async retire(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<BundleDto> {
    await this.commands.execute(new RetireBundle(id, context));
    return (await this.queries.execute(new GetBundle(id)))!;
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem, type CommandContext, DEFAULT_PAGE_SIZE, Idempotent, idempotencyKeyOf, PageQueryDto, Policy, RequestContext, UuidParam } from '#platform';
import { GrantAccess } from '../commands/grant-access.js';
import { RevokeStaffGrant } from '../commands/revoke-staff-grant.js';
import { ListUserAccessGrants } from '../queries/list-user-access-grants.js';

class GrantAccessDto {
  @ApiProperty({ format: 'uuid', description: 'The learner' })
  @IsUUID('all')
  userId: string;

  @ApiProperty({ format: 'uuid', description: 'The item, published and on sale' })
  @IsUUID('all')
  contentId: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Until when (absent or null: for good); in the future' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  validTo?: string | null;

  @ApiProperty({ minLength: 3, maxLength: 500, description: 'Why: kept with the grant and in the audit trail' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

class RevokeGrantDto {
  @ApiProperty({ minLength: 3, maxLength: 500 })
  @IsString()
  @Length(3, 500)
  reason: string;
}

class GrantCreatedDto {
  @ApiProperty({ format: 'uuid' }) grantId: string;
}

class AccessGrantRecordDto {
  @ApiProperty({ enum: ['order-item', 'subscription-period', 'bundle', 'coupon', 'free', 'staff'] }) source: string;
  @ApiProperty({ description: 'The order (order-item, bundle, coupon) or the staff grant (staff) behind it' }) sourceId: string;
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validTo: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'refunded in full' }) revokedReason: string | null;
  @ApiProperty({ description: 'Whether it lets the user read the item now' }) activeNow: boolean;
}

class AccessGrantPageDto {
  @ApiProperty({ type: [AccessGrantRecordDto] }) items: AccessGrantRecordDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** Access staff give and take back by hand (comps, review copies, prizes), and every grant of a user for support. */
@ApiTags('admin: access')
@Controller('api/v1/admin')
export class AdminAccessGrantsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('access-grants')
  @Policy('grant', 'AccessGrant')
  @Idempotent()
  @ApiOperation({
    operationId: 'grantAccess',
    summary: 'Give a learner one item, until a date or for good, with a reason; no money moves, and a refund of their orders does not touch it',
  })
  @ApiCreatedResponse({ type: GrantCreatedDto })
  @ApiProblem(404, { 'COMMERCE.USER_NOT_FOUND': 'No such user' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'A retry of this request ran at the same moment; retry with the same key' })
  @ApiProblem(422, {
    'COMMERCE.CONTENT_NOT_FOR_SALE': 'The item is not a published content on sale',
    'COMMERCE.STAFF_GRANT_ENDS_IN_PAST': 'validTo is not in the future',
  })
  async grant(
    @Body() body: GrantAccessDto,
    @RequestContext() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GrantCreatedDto> {
    void reply.status(201);
    return this.commands.execute(new GrantAccess(body.userId, body.contentId, body.validTo ?? null, body.reason, idempotencyKeyOf(request), context));
  }

  @Post('access-grants/:id/revoke')
  @HttpCode(204)
  @Policy('revoke', 'AccessGrant')
  @ApiOperation({ operationId: 'revokeAccessGrant', summary: "Take back a grant staff gave, with a reason; the learner's other grants stay" })
  @ApiProblem(404, { 'COMMERCE.STAFF_GRANT_NOT_FOUND': 'No such grant' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Someone changed this grant at the same moment; retry' })
  async revoke(@Param('id', UuidParam) id: string, @Body() body: RevokeGrantDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new RevokeStaffGrant(id, body.reason, context));
  }

  @Get('users/:userId/access-grants')
  @Policy('read', 'AccessGrant')
  @ApiOperation({ operationId: 'listUserAccessGrants', summary: 'Every grant a user holds or held, from any source, newest first, with whether it is active now' })
  @ApiOkResponse({ type: AccessGrantPageDto })
  list(@Param('userId', UuidParam) userId: string, @Query() page: PageQueryDto): Promise<AccessGrantPageDto> {
    return this.queries.execute(new ListUserAccessGrants(userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }
}

import { Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, type CommandContext, CurrentActor, DEFAULT_PAGE_SIZE, PageQueryDto, Policy, Public, RequestContext, UuidParam } from '#platform';
import { Follow } from '../commands/follow.js';
import { Mute, Unmute } from '../commands/mute.js';
import { Unfollow } from '../commands/unfollow.js';
import { GetFollowerCount } from '../queries/get-follower-count.js';
import { ListMyFollows } from '../queries/list-my-follows.js';
import { FollowerCountDto, FollowPageDto } from './social.dto.js';

/** Following creators and columns (专栏): what the caller follows is whose publications reach their inbox. */
@ApiTags('follows')
@Controller('api/v1')
export class FollowsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put('me/follows/creators/:creatorId')
  @HttpCode(204)
  @Policy('follow', 'FollowTarget')
  @ApiOperation({ operationId: 'followCreator', summary: 'Follow a creator (idempotent: following again changes nothing)' })
  @ApiNoContentResponse({ description: 'The caller follows the creator' })
  @ApiProblem(404, { 'SOCIAL.FOLLOW_TARGET_NOT_FOUND': 'No user with the creator role has this id' })
  @ApiProblem(422, { 'SOCIAL.CANNOT_FOLLOW_SELF': 'The caller is this creator' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The follow kept changing under many parallel calls; send it again' })
  async followCreator(@Param('creatorId', UuidParam) creatorId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new Follow('creator', creatorId, context));
  }

  @Delete('me/follows/creators/:creatorId')
  @HttpCode(204)
  @Policy('follow', 'FollowTarget')
  @ApiOperation({ operationId: 'unfollowCreator', summary: 'Stop following a creator (idempotent)' })
  @ApiNoContentResponse({ description: 'The caller does not follow the creator' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The follow kept changing under many parallel calls; send it again' })
  async unfollowCreator(@Param('creatorId', UuidParam) creatorId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new Unfollow('creator', creatorId, context));
  }

  @Put('me/follows/columns/:contentId')
  @HttpCode(204)
  @Policy('follow', 'FollowTarget')
  @ApiOperation({ operationId: 'followColumn', summary: 'Follow a column (专栏): hear of its new instalments (idempotent)' })
  @ApiNoContentResponse({ description: 'The caller follows the column' })
  @ApiProblem(404, { 'SOCIAL.FOLLOW_TARGET_NOT_FOUND': 'No published column has this id' })
  @ApiProblem(422, { 'SOCIAL.CANNOT_FOLLOW_SELF': 'The column is the caller\'s own' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The follow kept changing under many parallel calls; send it again' })
  async followColumn(@Param('contentId', UuidParam) contentId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new Follow('column', contentId, context));
  }

  @Delete('me/follows/columns/:contentId')
  @HttpCode(204)
  @Policy('follow', 'FollowTarget')
  @ApiOperation({ operationId: 'unfollowColumn', summary: 'Stop following a column (idempotent)' })
  @ApiNoContentResponse({ description: 'The caller does not follow the column' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The follow kept changing under many parallel calls; send it again' })
  async unfollowColumn(@Param('contentId', UuidParam) contentId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new Unfollow('column', contentId, context));
  }

  @Get('me/follows')
  @Policy('follow', 'FollowTarget')
  @ApiOperation({ operationId: 'listMyFollows', summary: 'The creators and columns the caller follows, latest first' })
  @ApiOkResponse({ type: FollowPageDto })
  mine(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<FollowPageDto> {
    return this.queries.execute(new ListMyFollows(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Get('creators/:creatorId/followers')
  @Public('a follower count is public, as on every platform; who follows is not shown')
  @ApiOperation({ operationId: 'getCreatorFollowerCount', summary: 'How many follow a creator' })
  @ApiOkResponse({ type: FollowerCountDto })
  async creatorFollowers(@Param('creatorId', UuidParam) creatorId: string): Promise<FollowerCountDto> {
    return { targetType: 'creator', targetId: creatorId, followerCount: await this.queries.execute(new GetFollowerCount('creator', creatorId)) };
  }

  @Get('columns/:contentId/followers')
  @Public('a follower count is public, as on every platform; who follows is not shown')
  @ApiOperation({ operationId: 'getColumnFollowerCount', summary: 'How many follow a column' })
  @ApiOkResponse({ type: FollowerCountDto })
  async columnFollowers(@Param('contentId', UuidParam) contentId: string): Promise<FollowerCountDto> {
    return { targetType: 'column', targetId: contentId, followerCount: await this.queries.execute(new GetFollowerCount('column', contentId)) };
  }

  @Put('me/mutes/creators/:creatorId')
  @HttpCode(204)
  @Policy('mute', 'FollowTarget')
  @ApiOperation({
    operationId: 'muteCreator',
    summary: "Mute a creator's notifications (idempotent)",
    description: 'No notification (nor mail) of their new items or of their columns\' instalments reaches the caller, who keeps following or holding them; unmute to hear again.',
  })
  @ApiNoContentResponse({ description: 'The creator is muted for the caller' })
  @ApiProblem(404, { 'SOCIAL.MUTE_TARGET_NOT_FOUND': 'No user with the creator role has this id' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The mute kept changing under many parallel calls; send it again' })
  async muteCreator(@Param('creatorId', UuidParam) creatorId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new Mute('creator', creatorId, context));
  }

  @Delete('me/mutes/creators/:creatorId')
  @HttpCode(204)
  @Policy('mute', 'FollowTarget')
  @ApiOperation({ operationId: 'unmuteCreator', summary: "Hear of a creator's publications again (idempotent)" })
  @ApiNoContentResponse({ description: 'The creator is not muted for the caller' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The mute kept changing under many parallel calls; send it again' })
  async unmuteCreator(@Param('creatorId', UuidParam) creatorId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new Unmute('creator', creatorId, context));
  }

  @Put('me/mutes/columns/:contentId')
  @HttpCode(204)
  @Policy('mute', 'FollowTarget')
  @ApiOperation({
    operationId: 'muteColumn',
    summary: "Mute a column's instalment notifications (idempotent)",
    description: 'For a follower or a buyer of the column: its new instalments are no longer announced to them (they stay open to a buyer).',
  })
  @ApiNoContentResponse({ description: 'The column is muted for the caller' })
  @ApiProblem(404, { 'SOCIAL.MUTE_TARGET_NOT_FOUND': 'No published column has this id' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The mute kept changing under many parallel calls; send it again' })
  async muteColumn(@Param('contentId', UuidParam) contentId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new Mute('column', contentId, context));
  }

  @Delete('me/mutes/columns/:contentId')
  @HttpCode(204)
  @Policy('mute', 'FollowTarget')
  @ApiOperation({ operationId: 'unmuteColumn', summary: "Hear of a column's instalments again (idempotent)" })
  @ApiNoContentResponse({ description: 'The column is not muted for the caller' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The mute kept changing under many parallel calls; send it again' })
  async unmuteColumn(@Param('contentId', UuidParam) contentId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new Unmute('column', contentId, context));
  }
}

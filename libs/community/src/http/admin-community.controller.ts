import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, DEFAULT_PAGE_SIZE, PageQueryDto, Policy, RequestContext, UuidParam } from '#platform';
import { ModeratePost } from '../commands/moderate-post.js';
import type { ModerationDecision, PostKind } from '../domain/community-events.js';
import { ListModerationQueue } from '../queries/list-moderation-queue.js';
import { ModerationQueuePageDto, ReasonDto } from './community.dto.js';

const NOT_PENDING = { 'COMMUNITY.NOT_PENDING': 'Nothing to approve: it is neither held nor reported', 'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment (another moderator); reload and retry' };
const OWN_POST = { 'AUTHZ.FORBIDDEN': 'Nobody moderates their own post' };

/** Moderators work the queue of held and reported posts; each decision, with its reason, is an event in the audit trail. */
@ApiTags('admin: community')
@Controller('api/v1/admin/community')
export class AdminCommunityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('queue')
  @Policy('read', 'CommunityQueue')
  @ApiOperation({ operationId: 'listModerationQueue', summary: 'Held and reported posts (comments, replies, review texts), oldest first' })
  @ApiOkResponse({ type: ModerationQueuePageDto })
  queue(@Query() page: PageQueryDto): Promise<ModerationQueuePageDto> {
    return this.queries.execute(new ListModerationQueue(page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('comments/:id/approve')
  @HttpCode(204)
  @Policy('moderate', 'CommunityPost')
  @ApiOperation({ operationId: 'approveComment', summary: 'Approve a held or reported comment: it shows to everyone, its reports are answered' })
  @ApiNoContentResponse({ description: 'Approved' })
  @ApiProblem(403, OWN_POST)
  @ApiProblem(404, { 'COMMUNITY.COMMENT_NOT_FOUND': 'No such comment' })
  @ApiProblem(409, { ...NOT_PENDING, 'COMMUNITY.COMMENT_GONE': 'It was deleted or removed' })
  approveComment(@Param('id', UuidParam) id: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext): Promise<void> {
    return this.decide('comment', id, 'approved', body, context);
  }

  @Post('comments/:id/remove')
  @HttpCode(204)
  @Policy('moderate', 'CommunityPost')
  @ApiOperation({ operationId: 'removeComment', summary: 'Remove a comment: it shows as removed, its replies stay (again: no-op)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblem(403, OWN_POST)
  @ApiProblem(404, { 'COMMUNITY.COMMENT_NOT_FOUND': 'No such comment' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': NOT_PENDING['EVENT_STORE.VERSION_CONFLICT'] })
  removeComment(@Param('id', UuidParam) id: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext): Promise<void> {
    return this.decide('comment', id, 'removed', body, context);
  }

  @Post('reviews/:id/approve')
  @HttpCode(204)
  @Policy('moderate', 'CommunityPost')
  @ApiOperation({ operationId: 'approveReview', summary: "Approve a review's held or reported text: it shows to everyone" })
  @ApiNoContentResponse({ description: 'Approved' })
  @ApiProblem(403, OWN_POST)
  @ApiProblem(404, { 'COMMUNITY.REVIEW_NOT_FOUND': 'No such review' })
  @ApiProblem(409, NOT_PENDING)
  approveReview(@Param('id', UuidParam) id: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext): Promise<void> {
    return this.decide('review', id, 'approved', body, context);
  }

  @Post('reviews/:id/remove')
  @HttpCode(204)
  @Policy('moderate', 'CommunityPost')
  @ApiOperation({ operationId: 'removeReview', summary: 'Remove a review: its stars leave the average (community.review-removed)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblem(403, OWN_POST)
  @ApiProblem(404, { 'COMMUNITY.REVIEW_NOT_FOUND': 'No such review' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': NOT_PENDING['EVENT_STORE.VERSION_CONFLICT'] })
  removeReview(@Param('id', UuidParam) id: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext): Promise<void> {
    return this.decide('review', id, 'removed', body, context);
  }

  private async decide(kind: PostKind, id: string, decision: ModerationDecision['decision'], body: ReasonDto, context: CommandContext): Promise<void> {
    await this.commands.execute(new ModeratePost(kind, id, decision, body.reason, context));
  }
}

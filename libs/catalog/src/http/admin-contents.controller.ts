import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  ApiProblem,
  type AppAbility,
  CallerAbility,
  type CommandContext,
  PageQueryDto,
  type ProblemCodes,
  Policy,
  RequestContext,
  UuidParam,
} from '#platform';
import { ApproveContent } from '../commands/approve-content.js';
import { HideContent } from '../commands/hide-content.js';
import { RejectContent } from '../commands/reject-content.js';
import { UnhideContent } from '../commands/unhide-content.js';
import { GetContentDetail } from '../queries/get-content-detail.js';
import { ListRevisionsInReview } from '../queries/list-revisions-in-review.js';
import { CONTENT_KINDS, type ContentKind } from '../domain/catalog-events.js';
import { ContentDetailDto, HideContentDto, RejectContentDto, UnhideContentDto } from './catalog.dto.js';

class RevisionInReviewDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ enum: CONTENT_KINDS }) kind: ContentKind;
  @ApiProperty({ format: 'uuid' }) creatorId: string;
  @ApiProperty({ description: "The live revision's title" }) liveTitle: string;
  @ApiProperty({ description: "The proposed revision's title" }) title: string;
  @ApiProperty() revision: number;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
}

class RevisionPageDto {
  @ApiProperty({ type: [RevisionInReviewDto] }) items: RevisionInReviewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** What a moderation can be refused with, whichever the decision (see moderation.ts and the content decider). */
const NOT_FOUND: ProblemCodes = { 'CATALOG.CONTENT_NOT_FOUND': 'No such content' };
const OWN_CONTENT: ProblemCodes = { 'CATALOG.CANNOT_MODERATE_OWN_CONTENT': 'Nobody moderates their own content (four eyes)' };
const NOT_IN_REVIEW: ProblemCodes = {
  'CATALOG.CONTENT_NOT_IN_REVIEW': 'The content is not awaiting review (a draft, or already decided)',
  'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment (e.g. another moderator decided); reload it and retry',
};

/** Moderation: moderators and admins decide on content in review, never on their own. */
@ApiTags('admin: contents')
@Controller('api/v1/admin/contents')
export class AdminContentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('revisions')
  @Policy('moderate', 'Content')
  @ApiOperation({
    operationId: 'listRevisionsInReview',
    summary: 'Revisions of published contents awaiting review, oldest first',
    description: "Approve or reject one with the content's approve and reject routes; the caller's own contents are not listed (four eyes).",
  })
  @ApiOkResponse({ type: RevisionPageDto })
  revisions(@Query() query: PageQueryDto, @CallerAbility() ability: AppAbility): Promise<RevisionPageDto> {
    return this.queries.execute(new ListRevisionsInReview(ability, query.cursor, query.limit));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Policy('moderate', 'Content')
  @ApiOperation({
    operationId: 'approveContent',
    summary: 'Approve a content in review',
    description: 'Publishes it and puts it on sale; or, for a published content with a revision in review, makes that revision the live one.',
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now published' })
  @ApiProblem(403, OWN_CONTENT)
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, NOT_IN_REVIEW)
  async approve(
    @Param('id', UuidParam) id: string,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new ApproveContent(id, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Policy('moderate', 'Content')
  @ApiOperation({
    operationId: 'rejectContent',
    summary: 'Reject a content in review',
    description: 'Sends it (or its revision in review: the live one stays) back to its creator with the reason.',
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now rejected with the reason' })
  @ApiProblem(403, OWN_CONTENT)
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, NOT_IN_REVIEW)
  async reject(
    @Param('id', UuidParam) id: string,
    @Body() body: RejectContentDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new RejectContent(id, body.reason, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }

  @Post(':id/hide')
  @HttpCode(200)
  @Policy('moderate', 'Content')
  @ApiOperation({
    operationId: 'hideContent',
    summary: 'Hide a published content, with a reason',
    description:
      'Takes it off the catalogue: no longer listed, searched, recommended or sold, and its creator cannot republish it. ' +
      'Whoever bought it keeps it (their learning, its lessons). The decision, its moderator and reason are in the audit trail.',
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now hidden' })
  @ApiProblem(403, OWN_CONTENT)
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, {
    'CATALOG.CONTENT_NOT_PUBLISHED': 'It is not on the catalogue (a draft or an item in review is rejected, not hidden) or is hidden already',
    'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment; reload it and retry',
  })
  async hide(
    @Param('id', UuidParam) id: string,
    @Body() body: HideContentDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new HideContent(id, body.reason, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }

  @Post(':id/unhide')
  @HttpCode(200)
  @Policy('moderate', 'Content')
  @ApiOperation({
    operationId: 'unhideContent',
    summary: 'Restore a hidden content, with a reason',
    description:
      'Undoes a hiding: the content goes back where it stood before it was hidden. Published, it is listed, searched, recommended and sold again; ' +
      'if its creator had unpublished it, it stays unpublished (its creator may republish it). The decision, its moderator and reason are in the audit trail.',
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, restored' })
  @ApiProblem(403, OWN_CONTENT)
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, {
    'CATALOG.CONTENT_NOT_HIDDEN': 'It is not hidden (never was, or restored already)',
    'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment (e.g. another moderator restored it); reload it and retry',
  })
  async unhide(
    @Param('id', UuidParam) id: string,
    @Body() body: UnhideContentDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new UnhideContent(id, body.reason, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }
}

import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblem,
  type AppAbility,
  CallerAbility,
  type CommandContext,
  type ProblemCodes,
  Policy,
  RequestContext,
  UuidParam,
} from '#platform';
import { ApproveContent } from '../commands/approve-content.js';
import { RejectContent } from '../commands/reject-content.js';
import { GetContentDetail } from '../queries/get-content-detail.js';
import { ContentDetailDto, RejectContentDto } from './catalog.dto.js';

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

  @Post(':id/approve')
  @HttpCode(200)
  @Policy('moderate', 'Content')
  @ApiOperation({ operationId: 'approveContent', summary: 'Approve a content in review', description: 'Publishes it and puts it on sale.' })
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
  @ApiOperation({ operationId: 'rejectContent', summary: 'Reject a content in review', description: 'Sends it back to its creator with the reason.' })
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
}

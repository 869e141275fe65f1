import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type AppAbility,
  CallerAbility,
  type CommandContext,
  Policy,
  ProblemDetailsDto,
  RequestContext,
  UuidParam,
} from '#platform';
import { ApproveContent } from '../commands/approve-content.js';
import { RejectContent } from '../commands/reject-content.js';
import { GetContentDetail } from '../queries/get-content-detail.js';
import { ContentDetailDto, RejectContentDto } from './catalog.dto.js';

/** Moderation: moderators and admins decide on content in review, never on their own. */
@ApiTags('admin: contents')
@ApiBadRequestResponse({ description: 'Invalid input', type: ProblemDetailsDto })
@ApiNotFoundResponse({ description: 'No such content', type: ProblemDetailsDto })
@ApiConflictResponse({ description: 'The content is not in review', type: ProblemDetailsDto })
@Controller('api/v1/admin/contents')
export class AdminContentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/approve')
  @HttpCode(200)
  @Policy('moderate', 'Content')
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now published' })
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
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now rejected with the reason' })
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

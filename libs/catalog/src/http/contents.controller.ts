import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  type AppAbility,
  CallerAbility,
  type CommandContext,
  Policy,
  ProblemDetailsDto,
  PublicOrSignedIn,
  RequestContext,
  UuidParam,
} from '#platform';
import { DraftContent } from '../commands/draft-content.js';
import { SubmitContent } from '../commands/submit-content.js';
import { GetContentDetail } from '../queries/get-content-detail.js';
import { ListContents } from '../queries/list-contents.js';
import { ContentDetailDto, ContentPageDto, CreateContentDto, ListContentsQueryDto } from './catalog.dto.js';

@ApiTags('contents')
@ApiBadRequestResponse({ description: 'Invalid input', type: ProblemDetailsDto })
@Controller('api/v1/contents')
export class ContentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('create', 'Content')
  @ApiCreatedResponse({ type: ContentDetailDto, description: 'The new draft, visible only to its creator and staff' })
  async create(
    @Body() body: CreateContentDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    const { contentId } = await this.commands.execute(
      new DraftContent(body.kind, body.title, body.summary, body.priceCents, body.currency, body.tags, body.lessons, context),
    );
    return this.queries.execute(new GetContentDetail(contentId, ability, context.actor?.userId ?? null));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Policy('submit', 'Content')
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now in review' })
  @ApiNotFoundResponse({ description: 'No such content of yours', type: ProblemDetailsDto })
  @ApiConflictResponse({ description: 'Already in review or published', type: ProblemDetailsDto })
  async submit(
    @Param('id', UuidParam) id: string,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new SubmitContent(id, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }

  @Get()
  @PublicOrSignedIn('published listings are public; other statuses are filtered by the caller\'s read rules')
  @ApiOkResponse({ type: ContentPageDto })
  list(@Query() query: ListContentsQueryDto, @CallerAbility() ability: AppAbility): Promise<ContentPageDto> {
    return this.queries.execute(new ListContents(query, ability));
  }

  @Get(':id')
  @PublicOrSignedIn('published contents are public; lesson bodies beyond previews need ownership, staff or entitlement')
  @ApiOkResponse({ type: ContentDetailDto })
  @ApiNotFoundResponse({ description: 'No such content, or not visible to the caller', type: ProblemDetailsDto })
  detail(
    @Param('id', UuidParam) id: string,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblem,
  type AppAbility,
  CallerAbility,
  type CommandContext,
  Policy,
  PublicOrSignedIn,
  RequestContext,
  UuidParam,
} from '#platform';
import { ClassifyContent } from '../commands/classify-content.js';
import { DraftContent } from '../commands/draft-content.js';
import { SubmitContent } from '../commands/submit-content.js';
import { GetContentDetail } from '../queries/get-content-detail.js';
import { ListContents } from '../queries/list-contents.js';
import { ClassifyContentDto, ContentDetailDto, ContentPageDto, CreateContentDto, ListContentsQueryDto } from './catalog.dto.js';

@ApiTags('contents')
@Controller('api/v1/contents')
export class ContentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('create', 'Content')
  @ApiOperation({ operationId: 'draftContent', summary: 'Draft a new content', description: 'Creators only. The draft is visible to its creator and staff until published.' })
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
  @ApiOperation({ operationId: 'submitContent', summary: 'Submit a content of yours for review', description: 'A draft or a rejected content goes to the moderators.' })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now in review' })
  @ApiProblem(404, { 'CATALOG.CONTENT_NOT_FOUND': 'No such content of yours (another creator\'s content is not disclosed)' })
  @ApiProblem(409, {
    'CATALOG.CONTENT_NOT_SUBMITTABLE': 'It is already in review or published',
    'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment (e.g. a moderator decided); reload it and retry',
  })
  async submit(
    @Param('id', UuidParam) id: string,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new SubmitContent(id, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }

  @Put(':id/classification')
  @Policy('classify', 'Content')
  @ApiOperation({
    operationId: 'classifyContent',
    summary: 'File a content of yours under a category and set its tags',
    description: 'Its creator (or an admin), in any status; lists and search follow at once. No review: category and tags are how it is found, not what it says.',
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content with its new tags' })
  @ApiProblem(404, { 'CATALOG.CONTENT_NOT_FOUND': 'No such content of yours (another creator\'s content is not disclosed)' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment; reload it and retry' })
  @ApiProblem(422, { 'CATALOG.UNKNOWN_CATEGORY': 'No category has this id' })
  async classify(
    @Param('id', UuidParam) id: string,
    @Body() body: ClassifyContentDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new ClassifyContent(id, body.categoryId, body.tags, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }

  @Get()
  @PublicOrSignedIn('published listings are public; other statuses are filtered by the caller\'s read rules')
  @ApiOperation({
    operationId: 'listContents',
    summary: 'List contents',
    description:
      'Published contents, newest first, to anyone; filtered by category subtree, tag, kind, price band and creator, ' +
      'sorted newest, popular (buyers), rating (average stars) or by price. Signed in, `status` lists other statuses as far as ' +
      'the caller may read them: a creator their own drafts, staff every one.',
  })
  @ApiOkResponse({ type: ContentPageDto })
  @ApiProblem(400, { 'CATALOG.UNKNOWN_CATEGORY_SLUG': 'No category has this slug' })
  list(@Query() query: ListContentsQueryDto, @CallerAbility() ability: AppAbility): Promise<ContentPageDto> {
    const { creator, ...filter } = query;
    return this.queries.execute(new ListContents({ ...filter, creatorId: creator }, ability));
  }

  @Get(':id')
  @PublicOrSignedIn('published contents are public; lesson bodies beyond previews need ownership, staff or entitlement')
  @ApiOperation({
    operationId: 'getContent',
    summary: 'Get one content with its lessons',
    description:
      'Anyone may read a published content and its preview lessons. Signed in, its creator, staff and learners entitled to it ' +
      'also get the other lessons\' bodies (`access: full`), and a creator and staff may read it before it is published.',
  })
  @ApiOkResponse({ type: ContentDetailDto })
  @ApiProblem(404, { 'CATALOG.CONTENT_NOT_FOUND': 'No such content, or not one the caller may read' })
  detail(
    @Param('id', UuidParam) id: string,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblem,
  type AppAbility,
  CallerAbility,
  type CommandContext,
  Policy,
  type ProblemCodes,
  PublicOrSignedIn,
  RequestContext,
  UuidParam,
} from '#platform';
import { ClassifyContent } from '../commands/classify-content.js';
import { DraftContent } from '../commands/draft-content.js';
import { ReviseContent } from '../commands/revise-content.js';
import { RepublishContent } from '../commands/republish-content.js';
import { SubmitContent } from '../commands/submit-content.js';
import { UnpublishContent } from '../commands/unpublish-content.js';
import { GetContentDetail } from '../queries/get-content-detail.js';
import { ListContents } from '../queries/list-contents.js';
import { ClassifyContentDto, ContentDetailDto, ContentPageDto, CreateContentDto, ListContentsQueryDto, ReviseContentDto } from './catalog.dto.js';

/** How a kind's shape can be refused (content-shape.ts), on a draft and on a revision alike. */
const SHAPE_PROBLEMS: ProblemCodes = {
  'CATALOG.CHAPTERS_ONLY_FOR_COURSES': 'Chapters were sent for a kind other than a course',
  'CATALOG.COURSE_NEEDS_CHAPTERS': 'A course was sent without chapters',
  'CATALOG.CHAPTER_EMPTY': 'A chapter has no lesson',
  'CATALOG.LESSONS_REQUIRED': 'Every kind but a live session needs at least one lesson',
  'CATALOG.TOO_MANY_LESSONS': 'Over 500 lessons in all',
  'CATALOG.LESSON_FORMAT_MISMATCH': 'An article, audio or video item has a lesson of another format',
  'CATALOG.DURATION_REQUIRED': 'An audio or video lesson has no duration',
  'CATALOG.DRIP_AMBIGUOUS': 'A lesson was given both, or neither, of afterDays and on',
  'CATALOG.DRIP_ON_PREVIEW': 'A preview lesson cannot be released later',
  'CATALOG.LIVE_SCHEDULE_REQUIRED': 'A live session was sent without its schedule',
  'CATALOG.SCHEDULE_ONLY_FOR_LIVE_SESSIONS': 'A schedule was sent for a kind other than a live session',
  'CATALOG.LIVE_START_IN_PAST': 'A live session would start in the past',
  'CATALOG.LIVE_SCHEDULE_INVALID': 'A live session would end before it starts, or last over 24 hours',
  'CATALOG.REPLAY_BEFORE_END': 'Lessons (the replay) were sent for a live session that has not ended',
};

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
  @ApiProblem(422, SHAPE_PROBLEMS)
  async create(
    @Body() body: CreateContentDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    const { contentId } = await this.commands.execute(
      new DraftContent(body.kind, body.title, body.summary, body.priceCents, body.currency, body.tags, body, context),
    );
    return this.queries.execute(new GetContentDetail(contentId, ability, context.actor?.userId ?? null));
  }

  @Put(':id')
  @Policy('revise', 'Content')
  @ApiOperation({
    operationId: 'reviseContent',
    summary: 'Revise a published content of yours',
    description:
      'Sends the whole new version: it waits as `pendingRevision` (submit it for review) while the approved one stays live for learners and lists; ' +
      'approving it makes it the live one, rejecting it leaves the live one. Every published lesson stays (name it by `lessonId`); lessons without one ' +
      "are new: a column's next instalments (at its end), a live session's replay. Buyers get them with no new purchase.",
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, live as before, with the revision as pendingRevision' })
  @ApiProblem(404, {
    'CATALOG.CONTENT_NOT_FOUND': "No such content of yours (another creator's content is not disclosed)",
    'CATALOG.LESSON_NOT_FOUND': 'A lessonId that is not a lesson of this content',
  })
  @ApiProblem(409, {
    'CATALOG.CONTENT_NOT_REVISABLE': 'It is not published: change a draft before submitting it',
    'CATALOG.REVISION_IN_REVIEW': 'A revision is awaiting review',
    'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment; reload it and retry',
  })
  @ApiProblem(422, {
    ...SHAPE_PROBLEMS,
    'CATALOG.REVISION_DROPS_LESSON': 'A published lesson is missing: buyers keep what they paid for',
    'CATALOG.LESSON_TWICE': 'A lessonId is listed twice',
    'CATALOG.COLUMN_REORDERED': "A column's published instalments must stay first, in their order",
    'CATALOG.LIVE_ALREADY_STARTED': 'The schedule of a session that has started cannot change',
  })
  async revise(
    @Param('id', UuidParam) id: string,
    @Body() body: ReviseContentDto,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new ReviseContent(id, body.title, body.summary, body.priceCents, body.currency, body.tags, body, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Policy('submit', 'Content')
  @ApiOperation({
    operationId: 'submitContent',
    summary: 'Submit a content of yours for review',
    description: 'A draft or a rejected content, or the pending revision of a published one, goes to the moderators.',
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now in review' })
  @ApiProblem(404, { 'CATALOG.CONTENT_NOT_FOUND': 'No such content of yours (another creator\'s content is not disclosed)' })
  @ApiProblem(409, {
    'CATALOG.CONTENT_NOT_SUBMITTABLE': 'It is already in review, or published with no revision to submit',
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

  @Post(':id/unpublish')
  @HttpCode(200)
  @Policy('unpublish', 'Content')
  @ApiOperation({
    operationId: 'unpublishContent',
    summary: 'Take a published content of yours off the catalogue',
    description:
      'It leaves lists, search and recommendations and takes no new order; whoever bought it keeps it (their learning, its lessons). ' +
      'A creator or platform membership stops covering it; its own column subscription does not. Republish it to put it back.',
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, now unpublished' })
  @ApiProblem(404, { 'CATALOG.CONTENT_NOT_FOUND': "No such content of yours (another creator's content is not disclosed)" })
  @ApiProblem(409, {
    'CATALOG.CONTENT_NOT_PUBLISHED': 'It is not published (a draft, in review, or unpublished already)',
    'CATALOG.CONTENT_HIDDEN': 'A moderator hid it',
    'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment; reload it and retry',
  })
  async unpublish(
    @Param('id', UuidParam) id: string,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new UnpublishContent(id, context));
    return this.queries.execute(new GetContentDetail(id, ability, context.actor?.userId ?? null));
  }

  @Post(':id/republish')
  @HttpCode(200)
  @Policy('unpublish', 'Content')
  @ApiOperation({
    operationId: 'republishContent',
    summary: 'Put a content of yours you unpublished back on the catalogue',
    description: 'Listed, searchable, recommendable and for sale again, at its live price. Not a content a moderator hid.',
  })
  @ApiOkResponse({ type: ContentDetailDto, description: 'The content, published again' })
  @ApiProblem(404, { 'CATALOG.CONTENT_NOT_FOUND': "No such content of yours (another creator's content is not disclosed)" })
  @ApiProblem(409, {
    'CATALOG.CONTENT_NOT_UNPUBLISHED': 'It is not unpublished',
    'CATALOG.CONTENT_HIDDEN': 'A moderator hid it: its creator cannot put it back',
    'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment; reload it and retry',
  })
  async republish(
    @Param('id', UuidParam) id: string,
    @RequestContext() context: CommandContext,
    @CallerAbility() ability: AppAbility,
  ): Promise<ContentDetailDto> {
    await this.commands.execute(new RepublishContent(id, context));
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

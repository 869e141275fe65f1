import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblem,
  Authenticated,
  type CommandContext,
  DEFAULT_PAGE_SIZE,
  PageQueryDto,
  PublicOrSignedIn,
  RequestContext,
  UuidParam,
} from '#platform';
import { ChangeLike } from '../commands/change-like.js';
import { DeleteComment } from '../commands/delete-comment.js';
import { EditComment } from '../commands/edit-comment.js';
import { PostComment } from '../commands/post-comment.js';
import { ReportPost } from '../commands/report-post.js';
import type { CommentTarget } from '../domain/community-events.js';
import { GetComment } from '../queries/get-comment.js';
import { GetLikes } from '../queries/get-likes.js';
import { ListComments } from '../queries/list-comments.js';
import { ListReplies } from '../queries/list-replies.js';
import { CommentDto, CommentPageDto, EditCommentDto, LikesDto, PostCommentDto, ReasonDto } from './community.dto.js';

const TARGET_NOT_FOUND = {
  'COMMUNITY.CONTENT_NOT_FOUND': 'No such published item the caller may read',
  'COMMUNITY.LESSON_NOT_FOUND': 'No such lesson in this item',
};
const COMMENT_NOT_FOUND = {
  'COMMUNITY.COMMENT_NOT_FOUND': 'No such comment, or one only its author may see (held or hidden by reports)',
  'COMMUNITY.CONTENT_NOT_FOUND': 'Its item is no longer published',
};
const LESSON_LOCKED = { 'COMMUNITY.LESSON_LOCKED': "A lesson's comments are for learners entitled to its item, its creator and staff" };
const POSTING_LIMITS = { 429: { 'COMMUNITY.RATE_LIMITED': 'Too many posts this minute (COMMUNITY_POSTS_PER_MINUTE); see Retry-After' }, 503: { 'COMMUNITY.BUSY': 'The rate limits cannot be counted right now (Redis); retry in a moment' } };
const VERSION_CONFLICT = { 'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment; reload it and retry' };

/**
 * Comments on items and lessons, one level of replies, likes and reports. Bodies are plain text,
 * stored and returned as sent (JSON strings): clients must never render them as HTML.
 */
@ApiTags('community')
@Controller('api/v1')
export class CommentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('contents/:id/comments')
  @PublicOrSignedIn('the comments of a published item are public; held ones only to their author')
  @ApiOperation({ operationId: 'listItemComments', summary: "An item's top comments, newest first (replies: listCommentReplies)" })
  @ApiOkResponse({ type: CommentPageDto })
  @ApiProblem(404, { 'COMMUNITY.CONTENT_NOT_FOUND': TARGET_NOT_FOUND['COMMUNITY.CONTENT_NOT_FOUND'] })
  listItemComments(@Param('id', UuidParam) id: string, @Query() page: PageQueryDto, @RequestContext() context: CommandContext): Promise<CommentPageDto> {
    return this.list({ contentId: id, lessonId: null }, page, context);
  }

  @Post('contents/:id/comments')
  @Authenticated()
  @ApiOperation({
    operationId: 'commentOnItem',
    summary: 'Comment on a published item, or reply to one of its comments',
    description: 'A text with a sensitive word is held: `status: pending`, seen only by its author until a moderator approves it.',
  })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiProblem(403, { 'AUTH.EMAIL_UNVERIFIED': 'Verify your email address before posting' })
  @ApiProblem(404, { 'COMMUNITY.CONTENT_NOT_FOUND': TARGET_NOT_FOUND['COMMUNITY.CONTENT_NOT_FOUND'], 'COMMUNITY.PARENT_NOT_FOUND': 'No visible comment of this item to reply to' })
  @ApiProblem(429, POSTING_LIMITS[429])
  @ApiProblem(503, POSTING_LIMITS[503])
  commentOnItem(@Param('id', UuidParam) id: string, @Body() body: PostCommentDto, @RequestContext() context: CommandContext): Promise<CommentDto> {
    return this.post({ contentId: id, lessonId: null }, body, context);
  }

  @Get('contents/:id/lessons/:lessonId/comments')
  @PublicOrSignedIn("refused unless the caller is entitled to the item, its creator or staff: the talk is about the lesson's body")
  @ApiOperation({ operationId: 'listLessonComments', summary: "A lesson's top comments, newest first: for those who may read the lesson" })
  @ApiOkResponse({ type: CommentPageDto })
  @ApiProblem(403, LESSON_LOCKED)
  @ApiProblem(404, TARGET_NOT_FOUND)
  listLessonComments(
    @Param('id', UuidParam) id: string,
    @Param('lessonId', UuidParam) lessonId: string,
    @Query() page: PageQueryDto,
    @RequestContext() context: CommandContext,
  ): Promise<CommentPageDto> {
    return this.list({ contentId: id, lessonId }, page, context);
  }

  @Post('contents/:id/lessons/:lessonId/comments')
  @Authenticated()
  @ApiOperation({ operationId: 'commentOnLesson', summary: 'Comment on a lesson (or reply), if entitled to its item, its creator or staff' })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiProblem(403, { ...LESSON_LOCKED, 'AUTH.EMAIL_UNVERIFIED': 'Verify your email address before posting' })
  @ApiProblem(404, { ...TARGET_NOT_FOUND, 'COMMUNITY.PARENT_NOT_FOUND': 'No visible comment of this lesson to reply to' })
  @ApiProblem(429, POSTING_LIMITS[429])
  @ApiProblem(503, POSTING_LIMITS[503])
  commentOnLesson(
    @Param('id', UuidParam) id: string,
    @Param('lessonId', UuidParam) lessonId: string,
    @Body() body: PostCommentDto,
    @RequestContext() context: CommandContext,
  ): Promise<CommentDto> {
    return this.post({ contentId: id, lessonId }, body, context);
  }

  @Get('comments/:id')
  @PublicOrSignedIn('as its item or lesson: public for an item, entitled readers for a lesson')
  @ApiOperation({ operationId: 'getComment', summary: 'One comment' })
  @ApiOkResponse({ type: CommentDto })
  @ApiProblem(403, LESSON_LOCKED)
  @ApiProblem(404, COMMENT_NOT_FOUND)
  get(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<CommentDto> {
    return this.queries.execute(new GetComment(id, context.actor));
  }

  @Get('comments/:id/replies')
  @PublicOrSignedIn('as its item or lesson: public for an item, entitled readers for a lesson')
  @ApiOperation({ operationId: 'listCommentReplies', summary: "A top comment's replies, oldest first" })
  @ApiOkResponse({ type: CommentPageDto })
  @ApiProblem(403, LESSON_LOCKED)
  @ApiProblem(404, COMMENT_NOT_FOUND)
  replies(@Param('id', UuidParam) id: string, @Query() page: PageQueryDto, @RequestContext() context: CommandContext): Promise<CommentPageDto> {
    return this.queries.execute(new ListReplies(id, context.actor, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Patch('comments/:id')
  @Authenticated()
  @ApiOperation({ operationId: 'editComment', summary: 'Edit your comment, within COMMUNITY_EDIT_WINDOW_SECONDS of posting it' })
  @ApiOkResponse({ type: CommentDto })
  @ApiProblem(403, { 'COMMUNITY.NOT_YOUR_COMMENT': "Another user's comment" })
  @ApiProblem(404, { 'COMMUNITY.COMMENT_NOT_FOUND': 'No such comment' })
  @ApiProblem(409, {
    'COMMUNITY.COMMENT_GONE': 'It was deleted or removed',
    'COMMUNITY.EDIT_WINDOW_CLOSED': 'The edit window has passed',
    ...VERSION_CONFLICT,
  })
  @ApiProblem(429, POSTING_LIMITS[429])
  @ApiProblem(503, POSTING_LIMITS[503])
  async edit(@Param('id', UuidParam) id: string, @Body() body: EditCommentDto, @RequestContext() context: CommandContext): Promise<CommentDto> {
    await this.commands.execute(new EditComment(id, body.body, context));
    return this.queries.execute(new GetComment(id, context.actor));
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'deleteComment', summary: 'Delete your comment: it shows as deleted, its replies stay (again: no-op)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(403, { 'COMMUNITY.NOT_YOUR_COMMENT': "Another user's comment" })
  @ApiProblem(404, { 'COMMUNITY.COMMENT_NOT_FOUND': 'No such comment' })
  @ApiProblem(409, { 'COMMUNITY.COMMENT_GONE': 'A moderator removed it', ...VERSION_CONFLICT })
  async delete(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new DeleteComment(id, context));
  }

  @Put('comments/:id/like')
  @Authenticated()
  @ApiOperation({ operationId: 'likeComment', summary: 'Like a comment (once per user: again changes nothing)' })
  @ApiOkResponse({ type: LikesDto })
  @ApiProblem(403, LESSON_LOCKED)
  @ApiProblem(404, COMMENT_NOT_FOUND)
  @ApiProblem(409, VERSION_CONFLICT)
  likeComment(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<LikesDto> {
    return this.changeLike(id, true, context);
  }

  @Delete('comments/:id/like')
  @Authenticated()
  @ApiOperation({ operationId: 'unlikeComment', summary: 'Take back your like of a comment (none: changes nothing)' })
  @ApiOkResponse({ type: LikesDto })
  @ApiProblem(403, LESSON_LOCKED)
  @ApiProblem(404, COMMENT_NOT_FOUND)
  @ApiProblem(409, VERSION_CONFLICT)
  unlikeComment(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<LikesDto> {
    return this.changeLike(id, false, context);
  }

  @Post('comments/:id/reports')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    operationId: 'reportComment',
    summary: 'Report a comment to the moderators (once per user)',
    description: 'Over COMMUNITY_REPORT_THRESHOLD reports it is hidden from everyone but its author until a moderator decides.',
  })
  @ApiNoContentResponse({ description: 'Reported' })
  @ApiProblem(403, LESSON_LOCKED)
  @ApiProblem(404, COMMENT_NOT_FOUND)
  @ApiProblem(409, { 'COMMUNITY.ALREADY_REPORTED': 'You reported it already', 'COMMUNITY.POST_GONE': 'It was deleted or removed' })
  @ApiProblem(422, { 'COMMUNITY.OWN_POST': 'Your own comment' })
  @ApiProblem(429, POSTING_LIMITS[429])
  @ApiProblem(503, POSTING_LIMITS[503])
  async report(@Param('id', UuidParam) id: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ReportPost('comment', id, body.reason, context));
  }

  private list(target: CommentTarget, page: PageQueryDto, context: CommandContext): Promise<CommentPageDto> {
    return this.queries.execute(new ListComments(target, context.actor, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  private async post(target: CommentTarget, body: PostCommentDto, context: CommandContext): Promise<CommentDto> {
    const { commentId } = await this.commands.execute(new PostComment(target, body.body, body.parentId ?? null, context));
    return this.queries.execute(new GetComment(commentId, context.actor));
  }

  private async changeLike(id: string, like: boolean, context: CommandContext): Promise<LikesDto> {
    await this.commands.execute(new ChangeLike('comment', id, like, context));
    return this.queries.execute(new GetLikes('comment', id, context.actor?.userId ?? null));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { DeleteReview } from '../commands/delete-review.js';
import { PostReview } from '../commands/post-review.js';
import { ReportPost } from '../commands/report-post.js';
import { CommunityAccess } from '../queries/community-access.js';
import { GetLikes } from '../queries/get-likes.js';
import { ListReviews } from '../queries/list-reviews.js';
import { LikesDto, PostReviewDto, ReasonDto, ReviewPageDto } from './community.dto.js';

const CONTENT_NOT_FOUND = { 'COMMUNITY.CONTENT_NOT_FOUND': 'No such published item the caller may read' };
const VERSION_CONFLICT = { 'EVENT_STORE.VERSION_CONFLICT': 'It changed at the same moment; reload it and retry' };

/** Likes and reviews of an item. */
@ApiTags('community')
@Controller('api/v1')
export class ItemFeedbackController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly access: CommunityAccess,
  ) {}

  @Get('contents/:id/likes')
  @PublicOrSignedIn('like counts of published items are public; likedByMe needs a token')
  @ApiOperation({ operationId: 'getItemLikes', summary: "How many like an item, and whether the caller does" })
  @ApiOkResponse({ type: LikesDto })
  @ApiProblem(404, CONTENT_NOT_FOUND)
  async likes(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<LikesDto> {
    await this.access.item(id, context.actor);
    return this.queries.execute(new GetLikes('content', id, context.actor?.userId ?? null));
  }

  @Put('contents/:id/like')
  @Authenticated()
  @ApiOperation({ operationId: 'likeItem', summary: 'Like a published item (once per user: again changes nothing)' })
  @ApiOkResponse({ type: LikesDto })
  @ApiProblem(404, CONTENT_NOT_FOUND)
  @ApiProblem(409, VERSION_CONFLICT)
  likeItem(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<LikesDto> {
    return this.changeLike(id, true, context);
  }

  @Delete('contents/:id/like')
  @Authenticated()
  @ApiOperation({ operationId: 'unlikeItem', summary: 'Take back your like of an item (none: changes nothing)' })
  @ApiOkResponse({ type: LikesDto })
  @ApiProblem(404, CONTENT_NOT_FOUND)
  @ApiProblem(409, VERSION_CONFLICT)
  unlikeItem(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<LikesDto> {
    return this.changeLike(id, false, context);
  }

  @Get('contents/:id/reviews')
  @PublicOrSignedIn('reviews of published items are public; held texts only to their author')
  @ApiOperation({ operationId: 'listItemReviews', summary: "An item's reviews, last changed first, with the average and the count per star" })
  @ApiOkResponse({ type: ReviewPageDto })
  @ApiProblem(404, CONTENT_NOT_FOUND)
  reviews(@Param('id', UuidParam) id: string, @Query() page: PageQueryDto, @RequestContext() context: CommandContext): Promise<ReviewPageDto> {
    return this.queries.execute(new ListReviews(id, context.actor, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('contents/:id/reviews')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    operationId: 'reviewItem',
    summary: 'Rate an item you bought, 1–5 stars with an optional text; posting again replaces your review',
    description:
      'A buyer paid for the item in an order (alone or in a bundle) that was not refunded or charged back; access that ran out still counts. ' +
      'Free items, staff grants, fully discounted coupons and memberships do not make a buyer. A text with a sensitive word is held for a moderator (the stars count at once).',
  })
  @ApiOkResponse({ type: ReviewPageDto, description: "The item's reviews after yours, first page" })
  @ApiProblem(403, { 'COMMUNITY.NOT_A_BUYER': 'The caller did not buy this item (or was refunded)', 'AUTH.EMAIL_UNVERIFIED': 'Verify your email address before posting' })
  @ApiProblem(404, CONTENT_NOT_FOUND)
  @ApiProblem(409, VERSION_CONFLICT)
  @ApiProblem(422, { 'COMMUNITY.STARS_INVALID': 'Stars are not 1 to 5' })
  @ApiProblem(429, { 'COMMUNITY.RATE_LIMITED': 'Too many posts this minute (COMMUNITY_POSTS_PER_MINUTE); see Retry-After' })
  @ApiProblem(503, { 'COMMUNITY.BUSY': 'The rate limits cannot be counted right now (Redis); retry in a moment' })
  async review(@Param('id', UuidParam) id: string, @Body() body: PostReviewDto, @RequestContext() context: CommandContext): Promise<ReviewPageDto> {
    await this.commands.execute(new PostReview(id, body.stars, body.text ?? '', context));
    return this.queries.execute(new ListReviews(id, context.actor, DEFAULT_PAGE_SIZE));
  }

  @Delete('contents/:id/reviews/mine')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'deleteMyReview', summary: 'Take back your review of an item' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(404, { 'COMMUNITY.REVIEW_NOT_FOUND': 'You have no review of this item' })
  @ApiProblem(409, VERSION_CONFLICT)
  async deleteMine(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new DeleteReview(id, context));
  }

  @Post('reviews/:id/reports')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'reportReview', summary: "Report a review's text to the moderators (once per user)" })
  @ApiNoContentResponse({ description: 'Reported' })
  @ApiProblem(404, { 'COMMUNITY.REVIEW_NOT_FOUND': 'No such review', ...CONTENT_NOT_FOUND })
  @ApiProblem(409, { 'COMMUNITY.ALREADY_REPORTED': 'You reported it already' })
  @ApiProblem(422, { 'COMMUNITY.OWN_POST': 'Your own review' })
  @ApiProblem(429, { 'COMMUNITY.RATE_LIMITED': 'Too many posts this minute (COMMUNITY_POSTS_PER_MINUTE); see Retry-After' })
  @ApiProblem(503, { 'COMMUNITY.BUSY': 'The rate limits cannot be counted right now (Redis); retry in a moment' })
  async report(@Param('id', UuidParam) id: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ReportPost('review', id, body.reason, context));
  }

  private async changeLike(id: string, like: boolean, context: CommandContext): Promise<LikesDto> {
    await this.commands.execute(new ChangeLike('content', id, like, context));
    return this.queries.execute(new GetLikes('content', id, context.actor?.userId ?? null));
  }
}

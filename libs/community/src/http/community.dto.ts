import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

/** Longest comment, reply or review text (characters). */
export const MAX_POST_LENGTH = 5000;
/** Longest report or moderation reason. */
export const MAX_REASON_LENGTH = 500;

const NOT_BLANK = /\S/;
/** Control characters other than tab and line breaks (C0, DEL, C1): never part of a post. NUL is refused before validation. */
const NO_CONTROL_CHARACTERS = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;
const controlMessage = (field: string) => ({ message: `${field} must not contain control characters (only tab and line breaks)` });

export class PostCommentDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_POST_LENGTH, example: '第三节讲得很清楚，谢谢！', description: 'Plain text: stored and returned as is, never interpreted as HTML' })
  @IsString()
  @Length(1, MAX_POST_LENGTH)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  @Matches(NO_CONTROL_CHARACTERS, controlMessage('body'))
  body: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Reply to this comment (a reply to a reply joins its top comment\'s thread)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class EditCommentDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_POST_LENGTH, example: '第三节讲得很清楚（已更正）' })
  @IsString()
  @Length(1, MAX_POST_LENGTH)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  @Matches(NO_CONTROL_CHARACTERS, controlMessage('body'))
  body: string;
}

export class PostReviewDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: 'Whole stars, 1 to 5' })
  @IsInt()
  stars: number;

  @ApiPropertyOptional({ maxLength: MAX_POST_LENGTH, default: '', example: '案例很实用。' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_POST_LENGTH)
  @Matches(NO_CONTROL_CHARACTERS, controlMessage('text'))
  text?: string;
}

export class ReasonDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_REASON_LENGTH, example: '广告' })
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @Matches(NO_CONTROL_CHARACTERS, controlMessage('reason'))
  reason: string;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) lessonId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The top comment this replies to' }) parentId: string | null;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null once deleted or removed' }) body: string | null;
  @ApiProperty({
    enum: ['visible', 'pending', 'deleted', 'removed'],
    description: '`pending`: held by the word filter or hidden by reports until a moderator decides; only its author sees it',
  })
  status: 'visible' | 'pending' | 'deleted' | 'removed';
  @ApiProperty() edited: boolean;
  @ApiProperty({ example: 3 }) likes: number;
  @ApiProperty() likedByMe: boolean;
  @ApiProperty({ example: 2 }) replyCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editedAt: string | null;
}

export class CommentPageDto {
  @ApiProperty({ type: [CommentDto] }) items: CommentDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class LikesDto {
  @ApiProperty({ example: 42 }) likes: number;
  @ApiProperty() likedByMe: boolean;
}

export class ReviewWithdrawalDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['refunded', 'charged-back'] }) reason: 'refunded' | 'charged-back';
}

export class ReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) stars: number;
  @ApiProperty({ type: String, nullable: true, description: 'Null without text, or while it waits for a moderator (its author sees it)' })
  text: string | null;
  @ApiProperty({ enum: ['none', 'visible', 'pending'] }) textStatus: 'none' | 'visible' | 'pending';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({
    type: ReviewWithdrawalDto,
    description: "Only on the caller's own review, once the order that paid for the item was refunded in full or charged back: nobody else lists it, and it counts in no average",
  })
  withdrawn?: ReviewWithdrawalDto;
}

export class StarDistributionDto {
  @ApiProperty({ example: 0 }) '1': number;
  @ApiProperty({ example: 1 }) '2': number;
  @ApiProperty({ example: 0 }) '3': number;
  @ApiProperty({ example: 4 }) '4': number;
  @ApiProperty({ example: 9 }) '5': number;
}

export class ReviewSummaryDto {
  @ApiProperty({ example: 14 }) count: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.5, description: 'Mean stars to two decimals; null without reviews' }) average: number | null;
  @ApiProperty({ type: StarDistributionDto, description: 'Reviews per number of stars' }) distribution: StarDistributionDto;
}

export class ReviewPageDto {
  @ApiProperty({ type: ReviewSummaryDto }) summary: ReviewSummaryDto;
  @ApiProperty({ type: [ReviewDto] }) items: ReviewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class QueuedPostDto {
  @ApiProperty({ enum: ['comment', 'review'] }) kind: 'comment' | 'review';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) lessonId: string | null;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Held by the word filter: it never showed to others' }) held: boolean;
  @ApiProperty({ type: [String], example: ['加微信'] }) matchedWords: string[];
  @ApiProperty({ example: 3, description: 'Reports since a moderator last approved it' }) openReports: number;
  @ApiProperty({ description: 'Hidden from others by its reports' }) hiddenByReports: boolean;
  @ApiProperty({ format: 'date-time', description: 'Posted or last changed; the queue is oldest first' }) since: string;
}

export class ModerationQueuePageDto {
  @ApiProperty({ type: [QueuedPostDto] }) items: QueuedPostDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUrl,
  IsUUID,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '#platform';
import {
  CONTENT_KINDS,
  CONTENT_STATUSES,
  type Chapter,
  type ContentKind,
  type ContentStatus,
  LESSON_FORMATS,
  type LessonFormat,
} from '../domain/catalog-events.js';
import { CONTENT_SORTS, type ContentSort, PRICE_BANDS, type PriceBand } from '../queries/list-contents.js';

/** What a category slug looks like: lower-case letters and digits in words joined by single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const NOT_BLANK = /\S/;
const TRIMMED = /^\S(.*\S)?$/;

/** Drip release of a lesson: give `afterDays` or `on`, not both; not for preview lessons. */
export class DripInputDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 3650, example: 7, description: 'Opens this many days after the learner enrols' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  afterDays?: number;

  @ApiPropertyOptional({ format: 'date-time', example: '2027-01-01T00:00:00Z', description: 'Opens at this instant, for every learner' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  on?: string;
}

export class LessonInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'In a revision: the lesson already there that this is (its new text, title, place). Without: a new lesson' })
  @IsOptional()
  @IsUUID()
  lessonId?: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: '第一课：感知机' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ maxLength: 100_000, description: 'Lesson text (Markdown); of an audio or video lesson, its notes or transcript' })
  @IsString()
  @MaxLength(100_000)
  body: string;

  @ApiProperty({ description: 'A preview lesson is readable by anyone who can see the content' })
  @IsBoolean()
  preview: boolean;

  @ApiPropertyOptional({ enum: LESSON_FORMATS, default: 'article' })
  @IsOptional()
  @IsIn(LESSON_FORMATS)
  format?: LessonFormat;

  @ApiPropertyOptional({ minimum: 1, maximum: 86_400, description: 'Length of an audio or video lesson, in seconds (required for them)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  durationSeconds?: number;

  // Drip release: give `afterDays` or `on`; not for preview lessons. (No description here: beside a $ref it would become an allOf.)
  @ApiPropertyOptional({ type: DripInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DripInputDto)
  drip?: DripInputDto;
}

export class ChapterInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '第一章：基础' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ type: [LessonInputDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => LessonInputDto)
  lessons: LessonInputDto[];
}

export class LiveScheduleInputDto {
  @ApiProperty({ format: 'date-time', description: 'In the future' })
  @IsISO8601({ strict: true, strictSeparator: true })
  startsAt: string;

  @ApiProperty({ format: 'date-time', description: 'After the start, at most 24 hours later' })
  @IsISO8601({ strict: true, strictSeparator: true })
  endsAt: string;

  @ApiProperty({ maxLength: 2000, example: 'https://meet.example.com/zhiku-42', description: 'Given only to entitled learners, from 15 minutes before the start to the end' })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https'], require_protocol: true })
  joinUrl: string;
}

export class CreateContentDto {
  @ApiProperty({ enum: CONTENT_KINDS, example: 'course' })
  @IsIn(CONTENT_KINDS)
  kind: ContentKind;

  @ApiProperty({ minLength: 1, maxLength: 200, example: '深度学习入门' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ maxLength: 2000, example: '从感知机到卷积网络' })
  @IsString()
  @MaxLength(2000)
  summary: string;

  @ApiProperty({ minimum: 0, maximum: 10_000_000, example: 9900, description: 'Price in the minor unit (fen, cents)' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  priceCents: number;

  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'CNY', description: 'ISO 4217 code' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code' })
  currency: string;

  @ApiProperty({ type: [String], maxItems: 10, uniqueItems: true, example: ['ai', '机器学习'] })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 32, { each: true })
  @Matches(TRIMMED, { each: true, message: 'each tag must be text without leading or trailing spaces' })
  tags: string[];

  @ApiPropertyOptional({ type: [LessonInputDto], maxItems: 200, description: 'The lessons in order (every kind but a course); a live session has none until its replay' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => LessonInputDto)
  lessons?: LessonInputDto[];

  @ApiPropertyOptional({ type: [ChapterInputDto], maxItems: 50, description: 'A course: its chapters, each with its lessons in order' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ChapterInputDto)
  chapters?: ChapterInputDto[];

  // A live session: when it runs and where to join.
  @ApiPropertyOptional({ type: LiveScheduleInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LiveScheduleInputDto)
  live?: LiveScheduleInputDto;
}

/** A revision of a published content: everything but its kind (what the creator sends is the whole new version). */
export class ReviseContentDto extends OmitType(CreateContentDto, ['kind'] as const) {}

export class RejectContentDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: '课程简介与内容不符' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}

export class HideContentDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: '侵犯他人著作权' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}

export class UnhideContentDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: '申诉成立：已取得授权' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}

export class ListContentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Case-insensitive substring of the title or summary' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ maxLength: 32, description: 'Exact tag' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  tag?: string;

  @ApiPropertyOptional({ enum: CONTENT_KINDS })
  @IsOptional()
  @IsIn(CONTENT_KINDS)
  kind?: ContentKind;

  @ApiPropertyOptional({
    enum: CONTENT_STATUSES,
    default: 'published',
    description: 'Other statuses list only what the caller may read: a creator their own, staff all',
  })
  @IsOptional()
  @IsIn(CONTENT_STATUSES)
  status?: ContentStatus;

  @ApiPropertyOptional({ maxLength: 64, pattern: SLUG.source, description: 'A category slug: contents under it or any category below it' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(SLUG, { message: 'category must be a category slug' })
  category?: string;

  @ApiPropertyOptional({ enum: PRICE_BANDS, description: 'free: price 0; paid: above 0' })
  @IsOptional()
  @IsIn(PRICE_BANDS)
  price?: PriceBand;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this creator\'s contents' })
  @IsOptional()
  @IsUUID()
  creator?: string;

  @ApiPropertyOptional({
    enum: CONTENT_SORTS,
    default: 'newest',
    description: 'newest: by publication (other statuses: by creation); popular: most buyers; rating: best average stars; price_asc / price_desc',
  })
  @IsOptional()
  @IsIn(CONTENT_SORTS)
  sort?: ContentSort;
}

export class ClassifyContentDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The category to file it under; null for none' })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  categoryId: string | null;

  @ApiProperty({ type: [String], maxItems: 10, uniqueItems: true, example: ['python', '数据分析'] })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 32, { each: true })
  @Matches(TRIMMED, { each: true, message: 'each tag must be text without leading or trailing spaces' })
  tags: string[];
}

export class LessonDto {
  @ApiProperty({ format: 'uuid' }) lessonId: string;
  @ApiProperty() title: string;
  @ApiProperty() preview: boolean;
  @ApiProperty({ enum: LESSON_FORMATS }) format: LessonFormat;
  @ApiProperty({ type: Number, nullable: true, description: 'Audio and video lessons' }) durationSeconds: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The chapter of a course lesson' }) chapterId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null unless the caller may read it now: a preview, or full access and released' })
  body: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a time-released lesson opens for the caller, while that is ahead' })
  unlocksAt: string | null;
}

export class ChapterDto implements Chapter {
  @ApiProperty({ format: 'uuid' }) chapterId: string;
  @ApiProperty() title: string;
}

export class LiveDto {
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ format: 'date-time', description: 'From when the join link is given' }) joinOpensAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'Only to an entitled learner (or the host), from joinOpensAt to the end' })
  joinUrl: string | null;
}

export class RevisionLiveDto {
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty() joinUrl: string;
}

export class DripDto {
  @ApiPropertyOptional() afterDays?: number;
  @ApiPropertyOptional({ format: 'date-time' }) on?: string;
}

export class RevisionLessonDto {
  @ApiProperty({ format: 'uuid' }) lessonId: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() preview: boolean;
  @ApiPropertyOptional({ enum: LESSON_FORMATS }) format?: LessonFormat;
  @ApiPropertyOptional() durationSeconds?: number;
  @ApiPropertyOptional({ format: 'uuid' }) chapterId?: string;
  @ApiPropertyOptional({ type: DripDto }) drip?: DripDto;
}

export class RevisionDto {
  @ApiProperty() revision: number;
  @ApiProperty({ enum: ['draft', 'in_review', 'rejected'] }) status: 'draft' | 'in_review' | 'rejected';
  @ApiProperty({ type: String, nullable: true }) rejectionReason: string | null;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() priceCents: number;
  @ApiProperty() currency: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: [ChapterDto], nullable: true }) chapters: ChapterDto[] | null;
  @ApiProperty({ type: RevisionLiveDto, nullable: true }) live: RevisionLiveDto | null;
  @ApiProperty({ type: [RevisionLessonDto] }) lessons: RevisionLessonDto[];
}

export class ContentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONTENT_KINDS }) kind: ContentKind;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() priceCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ format: 'uuid' }) creatorId: string;
  @ApiProperty({ enum: CONTENT_STATUSES }) status: ContentStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty() lessonCount: number;
}

export class ContentPageDto {
  @ApiProperty({ type: [ContentSummaryDto] }) items: ContentSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' })
  nextCursor: string | null;
}

export class ContentDetailDto extends ContentSummaryDto {
  @ApiProperty({ type: String, nullable: true, description: 'Why moderation last rejected it (creator and staff only)' })
  rejectionReason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why a moderator hid it: to its creator and staff only' })
  hiddenReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({
    enum: ['full', 'preview'],
    description: 'full: every lesson body is included; preview: only bodies of preview lessons',
  })
  access: 'full' | 'preview';
  @ApiProperty({ description: 'The live revision (1 until a revision is approved)' }) revision: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revisedAt: string | null;
  @ApiProperty({ type: [ChapterDto], nullable: true, description: 'A course: its chapters in order' }) chapters: ChapterDto[] | null;
  @ApiProperty({ type: LiveDto, nullable: true, description: 'A live session: its schedule' }) live: LiveDto | null;
  @ApiProperty({ type: [LessonDto] }) lessons: LessonDto[];
  @ApiProperty({
    type: RevisionDto,
    nullable: true,
    description: 'A revision waiting beside the live one (its creator and staff only; learners and lists see the live one)',
  })
  pendingRevision: RevisionDto | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
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
  type ContentKind,
  type ContentStatus,
} from '../domain/catalog-events.js';
import { CONTENT_SORTS, type ContentSort, PRICE_BANDS, type PriceBand } from '../queries/list-contents.js';

/** What a category slug looks like: lower-case letters and digits in words joined by single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const NOT_BLANK = /\S/;
const TRIMMED = /^\S(.*\S)?$/;

export class LessonInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '第一课：感知机' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ maxLength: 100_000, description: 'Lesson text (Markdown)' })
  @IsString()
  @MaxLength(100_000)
  body: string;

  @ApiProperty({ description: 'A preview lesson is readable by anyone who can see the content' })
  @IsBoolean()
  preview: boolean;
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

  @ApiProperty({ type: [LessonInputDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => LessonInputDto)
  lessons: LessonInputDto[];
}

export class RejectContentDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: '课程简介与内容不符' })
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
  @ApiProperty({ type: String, nullable: true, description: 'Null unless the lesson is a preview or access is full' })
  body: string | null;
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
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({
    enum: ['full', 'preview'],
    description: 'full: every lesson body is included; preview: only bodies of preview lessons',
  })
  access: 'full' | 'preview';
  @ApiProperty({ type: [LessonDto] }) lessons: LessonDto[];
}

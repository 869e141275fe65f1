import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '#platform';
import { CONTENT_KINDS, type ContentKind } from '../domain/catalog-events.js';
import { PRICE_BANDS, type PriceBand } from '../queries/list-contents.js';
import { MAX_QUERY_CHARS } from '../search/search-text.js';
import { SLUG } from './catalog.dto.js';

export class SearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: MAX_QUERY_CHARS,
    example: 'Python 数据分析',
    description: 'Words in any mix of Chinese and other languages; all must match (typos and partial words match too). Absent: browse everything with facets.',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_QUERY_CHARS)
  q?: string;

  @ApiPropertyOptional({ enum: CONTENT_KINDS })
  @IsOptional()
  @IsIn(CONTENT_KINDS)
  kind?: ContentKind;

  @ApiPropertyOptional({ maxLength: 64, pattern: SLUG.source, description: 'A category slug: it and everything below it' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(SLUG, { message: 'category must be a category slug' })
  category?: string;

  @ApiPropertyOptional({ enum: PRICE_BANDS })
  @IsOptional()
  @IsIn(PRICE_BANDS)
  price?: PriceBand;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only what the caller owns; false: only what they do not (signed-in callers)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  owned?: 'true' | 'false';
}

export class SuggestionsQueryDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_QUERY_CHARS, example: 'pyth', description: 'What the user has typed so far' })
  @IsString()
  @Length(1, MAX_QUERY_CHARS)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 8 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  limit?: number;
}

export class SearchHighlightsDto {
  @ApiProperty({ type: String, nullable: true, description: 'HTML-escaped title with matches in <mark>, or null' }) title: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'HTML-escaped snippet of the summary around the first match, or null' }) summary: string | null;
  @ApiProperty({ type: [String], description: 'Matching tags, highlighted' }) tags: string[];
  @ApiProperty({ type: [String], description: 'Matching lesson headings, highlighted (never a lesson body)' }) lessonHeadings: string[];
}

export class SearchHitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONTENT_KINDS }) kind: ContentKind;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ format: 'uuid' }) creatorId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) categoryId: string | null;
  @ApiProperty() priceCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ description: 'The caller holds it (bought or granted); false for anonymous callers' }) owned: boolean;
  @ApiProperty({ type: SearchHighlightsDto }) highlights: SearchHighlightsDto;
}

export class SearchFacetsDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { course: 3, article: 1 } }) kind: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'By category id (the category a content is filed under directly)' })
  category: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { free: 1, paid: 3 } }) price: Record<string, number>;
}

export class SearchPageDto {
  @ApiProperty({ type: [SearchHitDto] }) items: SearchHitDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' }) nextCursor: string | null;
  @ApiProperty({ description: 'Matches with every filter applied' }) total: number;
  @ApiProperty({ description: 'More contents match than one search ranks and counts (SEARCH_MAX_CANDIDATES, title and tag hits first): total and facets are lower bounds; narrow the query' })
  totalCapped: boolean;
  @ApiProperty({ type: SearchFacetsDto, description: 'Counts per value; each facet is counted with the other facets\' filters but not its own' })
  facets: SearchFacetsDto;
}

export class SuggestionsDto {
  @ApiProperty({ type: [String], example: ['Python数据分析实战'] }) suggestions: string[];
}

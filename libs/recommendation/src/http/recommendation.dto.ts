import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { RECOMMENDATION_LIMIT } from '../domain/ranking.js';

export class RecommendationsQueryDto {
  @ApiPropertyOptional({
    minimum: RECOMMENDATION_LIMIT.min,
    maximum: RECOMMENDATION_LIMIT.max,
    default: RECOMMENDATION_LIMIT.default,
    description: 'How many items at most',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(RECOMMENDATION_LIMIT.min)
  @Max(RECOMMENDATION_LIMIT.max)
  limit?: number;
}

export class RecommendationReasonDto {
  @ApiProperty({ enum: ['bought-together', 'popular'], example: 'bought-together' })
  code: 'bought-together' | 'popular';

  @ApiProperty({ example: 'Learners who bought «Rust in Practice» also bought this' })
  text: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The learner\'s purchase this one is similar to (bought-together only)' })
  basedOnContentId?: string;
}

export class RecommendationDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ example: 'Go Concurrency Patterns' }) title: string;
  @ApiProperty({ example: 'course' }) kind: string;

  @ApiProperty({
    minimum: 0,
    maximum: 1,
    example: 0.82,
    description: 'Co-purchase cosine similarity for bought-together; 0 for popular items, which always come after',
  })
  score: number;

  @ApiProperty({ type: RecommendationReasonDto }) reason: RecommendationReasonDto;
}

export class RecommendationListDto {
  @ApiProperty({ type: [RecommendationDto], description: 'Best first' }) items: RecommendationDto[];
}

export class RebuildRequestedDto {
  @ApiProperty({ format: 'date-time' }) requestedAt: string;

  @ApiProperty({ example: 4711, description: 'Position of the stored request in the event log' })
  eventPosition: number;
}

export class CoPurchaseReasonDto {
  @ApiProperty({ enum: ['co-purchase'] }) kind: 'co-purchase';
  @ApiProperty({ example: 'Rust in Practice', description: 'The content it was bought together with' }) with: string;
  @ApiProperty({ format: 'uuid' }) withContentId: string;
  @ApiProperty({ minimum: 1, example: 37, description: 'Learners who bought both, counted when the list is read' }) learners: number;
}

export class SimilarContentDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ example: 'Systems Programming' }) title: string;
  @ApiProperty({ example: 'course' }) kind: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.82, description: 'Co-purchase cosine similarity' }) score: number;
  @ApiProperty({ type: [CoPurchaseReasonDto] }) reasons: CoPurchaseReasonDto[];
}

export class SimilarContentListDto {
  @ApiProperty({ type: [SimilarContentDto], description: 'Best first' }) items: SimilarContentDto[];
}

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

  @ApiPropertyOptional({ example: 'Rust in Practice', description: 'Its title (bought-together only)' })
  basedOnTitle?: string;

  @ApiPropertyOptional({ minimum: 1, example: 37, description: 'Learners who bought both, counted when the list is read (bought-together only)' })
  learners?: number;
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

export class RecommendationRunsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, description: 'How many finished runs at most, latest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class RecommendationRunDto {
  @ApiProperty({ example: 'event-4711', description: 'What triggered it: event-<position> of a request, or schedule-<job id>' }) id: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger: 'schedule' | 'manual';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedBy: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) finishedAt: string;
  @ApiProperty({ description: 'Items that got at least one neighbour' }) items: number;
  @ApiProperty({ description: 'Neighbour rows written' }) pairs: number;
  @ApiProperty({ description: 'Whether recommendations are read from this run now' }) current: boolean;
}

export class RunInProgressDto {
  @ApiProperty({ example: 'schedule-repeat:abc:1764710000000' }) id: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger: 'schedule' | 'manual';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedBy: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ enum: ['neighbours', 'popularity'] }) phase: 'neighbours' | 'popularity';
  @ApiProperty({ description: 'Content ids done in this phase (as of the last committed chunk)' }) processed: number;
  @ApiProperty({ description: 'Content ids this phase walks' }) total: number;
  @ApiProperty() items: number;
  @ApiProperty() pairs: number;
}

export class RecommendationRunsDto {
  @ApiProperty({ type: RunInProgressDto, nullable: true, description: 'The run being built, if any' }) inProgress: RunInProgressDto | null;
  @ApiProperty({ type: [RecommendationRunDto], description: 'Finished runs, latest first' }) runs: RecommendationRunDto[];
}

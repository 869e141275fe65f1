import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { RECOMMENDATION_LIMIT, SERVED_MODELS, type ServedModel } from '../domain/ranking.js';
import { SIGNAL_KINDS } from '../domain/signals.js';

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

/** Why an item is offered, with evidence a learner can check; which fields are present depends on `kind`. */
export class RecommendationReasonDto {
  @ApiProperty({
    enum: ['co-purchase', 'similar', 'engaged-with', 'similar-learners', 'popular-in', 'popular', 'new'],
    example: 'co-purchase',
    description:
      'co-purchase: bought together with an item the caller owns; similar: close in content to an item the caller owns; engaged-with: the model ranks it among the items closest to one the caller viewed, completed or rated without owning it; new: nobody has bought it yet, it is among the newest published items',
  })
  kind: 'co-purchase' | 'similar' | 'engaged-with' | 'similar-learners' | 'popular-in' | 'popular' | 'new';

  @ApiPropertyOptional({
    example: 'Rust in Practice',
    description: 'co-purchase: the title of the caller\'s item it was bought together with; engaged-with: the title of the item the caller viewed, completed or rated (not owned)',
  })
  with?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'co-purchase and engaged-with: that item' })
  withContentId?: string;

  @ApiPropertyOptional({
    type: [String],
    // Every signal kind but a purchase, which rec_signals does not hold (an owned item is no engaged-with basis).
    enum: SIGNAL_KINDS.filter((kind) => kind !== 'purchase'),
    example: ['completion', 'view'],
    description:
      'engaged-with: what the caller did with that item: view (opened a lesson), completion (completed a lesson), course-completion (completed every lesson of the course), high-rating (rated it 4 or 5 stars)',
  })
  acts?: string[];

  @ApiPropertyOptional({
    minimum: 0,
    example: 37,
    description:
      'co-purchase: learners who bought both; similar-learners: the caller\'s neighbour learners who bought it; popular-in and popular: learners who bought it (counted when the list is read)',
  })
  learners?: number;

  @ApiPropertyOptional({ minimum: 1, example: 50, description: 'similar-learners: how many neighbour learners (most alike in what they bought) the prediction was made from' })
  outOf?: number;

  @ApiPropertyOptional({ example: 'Python 数据分析入门', description: 'similar: the title of the caller\'s item it is similar to' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'similar: that item' })
  toContentId?: string;

  @ApiPropertyOptional({ type: [String], example: ['数据分析', 'python'], description: 'similar: the tags and words both items carry, the weightiest first' })
  shared?: string[];

  @ApiPropertyOptional({ example: '编程', description: 'popular-in: the category of the caller\'s items it is among the most bought of; new: the caller\'s category it is filed under, if any' })
  category?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'popular-in and new: that category' })
  categoryId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'new: when it was published' })
  publishedAt?: string;
}

export class RecommendationDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ example: 'Go Concurrency Patterns' }) title: string;
  @ApiProperty({ example: 'course' }) kind: string;

  @ApiProperty({
    minimum: 0,
    example: 0.82,
    description: 'The serving model\'s score for the caller; 0 for popular items, which always come after',
  })
  score: number;

  @ApiProperty({ type: [RecommendationReasonDto], minItems: 1, description: 'At least one, each with its evidence' })
  reasons: RecommendationReasonDto[];
}

export class ServedExperimentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SERVED_MODELS, description: 'The variant (model) that made this list' }) variant: ServedModel;
}

export class RecommendationListDto {
  @ApiProperty({ type: [RecommendationDto], description: 'Best first' }) items: RecommendationDto[];

  @ApiProperty({ type: ServedExperimentDto, nullable: true, description: 'The running A/B experiment and the caller\'s variant; null when none runs (the hybrid serves)' })
  experiment: ServedExperimentDto | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Send it back as props.servedId in `click` events on these items (POST /api/v1/events) so the experiment counts them; the same for the caller throughout one experiment; null outside one',
  })
  servedId: string | null;
}

export class RebuildRequestedDto {
  @ApiProperty({ format: 'date-time' }) requestedAt: string;

  @ApiProperty({ example: 4711, description: 'Position of the stored request in the event log' })
  eventPosition: number;
}

export class SimilarContentDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ example: 'Systems Programming' }) title: string;
  @ApiProperty({ example: 'course' }) kind: string;
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    example: 0.82,
    description: 'Co-purchase cosine similarity; for an item never bought with this one, the content model\'s cosine',
  })
  score: number;

  @ApiProperty({ type: [RecommendationReasonDto], minItems: 1, description: 'co-purchase (learners who bought both) and/or similar (the terms both carry)' })
  reasons: RecommendationReasonDto[];
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

export class ModelChoiceDto {
  @ApiProperty({ enum: ['ease', 'sparse'], description: 'ease: the hybrid with EASE; sparse: RP3β and the content model alone, the data being too large for EASE' })
  kind: 'ease' | 'sparse';

  @ApiProperty({
    example: 'sparse models (RP3β + content, top 100 neighbours per item): EASE on 100000 users × 20000 items would need ~4.4e12 multiply-adds and a 20000×20000 inverse (3.2 GB), over 5.0e10',
    description: 'Why, in figures (RECOMMENDATION_EASE_MAX_WORK)',
  })
  reason: string;
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

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'hybrid(0.60·ease(lambda=70,dropout=0.25) + 0.30·rp3beta(k=100,alpha=1,beta=0.5) + 0.10·content(k=50,threshold=0.05))',
    description: 'The model this run trained, with the weights its validation split chose (null: runs before models were served)',
  })
  model: string | null;

  @ApiProperty({ type: ModelChoiceDto, nullable: true, description: 'Which serving model the data allowed, and why (null: runs before the choice was recorded)' })
  modelChoice: ModelChoiceDto | null;
}

export class RunInProgressDto {
  @ApiProperty({ example: 'schedule-repeat:abc:1764710000000' }) id: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger: 'schedule' | 'manual';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedBy: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ enum: ['neighbours', 'model', 'popularity'] }) phase: 'neighbours' | 'model' | 'popularity';
  @ApiProperty({ description: 'Content ids done in this phase (as of the last committed chunk)' }) processed: number;
  @ApiProperty({ description: 'Content ids this phase walks' }) total: number;
  @ApiProperty() items: number;
  @ApiProperty() pairs: number;
  @ApiProperty({ minimum: 0, maximum: 100, description: "The run's progress in percent, the figure its BullMQ job shows" }) progress: number;
  @ApiProperty({ type: String, nullable: true, example: 'training: neighbourhoods', description: 'What it is doing now' }) step: string | null;
  @ApiProperty({ type: ModelChoiceDto, nullable: true, description: 'Which serving model the data allowed, and why, once training has chosen' })
  modelChoice: ModelChoiceDto | null;
}

export class RecommendationRunsDto {
  @ApiProperty({ type: RunInProgressDto, nullable: true, description: 'The run being built, if any' }) inProgress: RunInProgressDto | null;
  @ApiProperty({ type: [RecommendationRunDto], description: 'Finished runs, latest first' }) runs: RecommendationRunDto[];
}

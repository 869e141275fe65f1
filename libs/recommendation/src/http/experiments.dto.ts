import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { DEFAULT_CONVERSION_WINDOW_HOURS, MAX_CONVERSION_WINDOW_HOURS } from '../domain/experiments.js';
import { SERVED_MODELS, type ServedModel } from '../domain/ranking.js';

export class ExperimentVariantInputDto {
  @ApiProperty({ enum: SERVED_MODELS, example: 'user-knn', description: 'The model this variant serves; also the variant\'s name' })
  @IsIn(SERVED_MODELS)
  model: ServedModel;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 99,
    example: 50,
    description: 'Percentage of learners assigned to it; both absent: 50/50; one absent: the rest of 100',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  share?: number;
}

export class CreateExperimentDto {
  @ApiProperty({ example: 'user-kNN against the hybrid', minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: [ExperimentVariantInputDto], minItems: 2, maxItems: 2, description: 'Exactly two, of different models' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => ExperimentVariantInputDto)
  variants: ExperimentVariantInputDto[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_CONVERSION_WINDOW_HOURS,
    default: DEFAULT_CONVERSION_WINDOW_HOURS,
    description: 'A paid order for a shown item counts as a conversion within this many hours of the item first being shown',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CONVERSION_WINDOW_HOURS)
  conversionWindowHours?: number;
}

export class ExperimentVariantDto {
  @ApiProperty({ enum: SERVED_MODELS }) model: ServedModel;
  @ApiProperty({ minimum: 1, maximum: 99, example: 50 }) share: number;
}

export class ExperimentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'user-kNN against the hybrid' }) name: string;
  @ApiProperty({ enum: ['running', 'stopped'] }) status: 'running' | 'stopped';
  @ApiProperty({ type: [ExperimentVariantDto] }) variants: ExperimentVariantDto[];
  @ApiProperty({ example: DEFAULT_CONVERSION_WINDOW_HOURS }) conversionWindowHours: number;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) stoppedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) stoppedAt: string | null;
}

export class ExperimentListDto {
  @ApiProperty({ type: [ExperimentDto], description: 'The running one first, then the latest' }) items: ExperimentDto[];
}

export class RateIntervalDto {
  @ApiProperty({ example: 0.081, minimum: 0, maximum: 1 }) low: number;
  @ApiProperty({ example: 0.165, minimum: 0, maximum: 1 }) high: number;
}

export class DifferenceIntervalDto {
  @ApiProperty({ example: -0.0066, minimum: -1, maximum: 1 }) low: number;
  @ApiProperty({ example: 0.1066, minimum: -1, maximum: 1 }) high: number;
}

export class SequentialTestDto {
  @ApiProperty({ example: 0.05, description: "The second variant's rate minus the first's" }) difference: number;
  @ApiProperty({
    example: 8.2188,
    description: 'Mixture likelihood ratio Λ = √(V/(V+τ²))·exp(τ²d²/(2V(V+τ²))), V = p̂₁(1−p̂₁)/n₁ + p̂₂(1−p̂₂)/n₂, τ = 0.05 (Johari et al., Always Valid Inference)',
  })
  likelihoodRatio: number;
  @ApiProperty({
    example: 0.1217,
    minimum: 0,
    maximum: 1,
    description: 'Always-valid p-value min(1, 1/Λ) from the counts of this read (not a running minimum: a later read may be higher; the first read at or under 0.05 is the decision)',
  })
  pValue: number;
  @ApiProperty({ description: 'pValue ≤ 0.05: significant even though the results are read again and again while the experiment runs' }) significant: boolean;
  @ApiProperty({ type: DifferenceIntervalDto, description: 'Always-valid 95 % confidence sequence for the difference at this read; excludes 0 exactly when significant' })
  confidenceSequence: DifferenceIntervalDto;
}

export class ProportionTestDto {
  @ApiProperty({ example: 0.05, description: "The second variant's rate minus the first's" }) difference: number;
  @ApiProperty({ example: 2.677, description: 'difference / √(p̄(1−p̄)(1/n₁ + 1/n₂)), p̄ the pooled rate' }) z: number;
  @ApiProperty({ example: 0.0074, minimum: 0, maximum: 1, description: 'Two-sided p-value of the pooled two-proportion z-test (fixed horizon: valid for one read decided on beforehand)' }) pValue: number;
  @ApiProperty({ description: 'pValue < 0.05 (fixed horizon: stopping at the first significant of many reads inflates false positives; see sequential)' }) significant: boolean;
  @ApiProperty({
    type: SequentialTestDto,
    nullable: true,
    description: 'The mixture sequential test of the same rates, valid however often the results are read; null when one variant all succeeded and the other none (no spread)',
  })
  sequential: SequentialTestDto | null;
}

export class VariantComparisonDto {
  @ApiProperty({ enum: SERVED_MODELS, isArray: true, minItems: 2, maxItems: 2, example: ['hybrid', 'user-knn'], description: 'The variants in the order created: each difference is the second minus the first' })
  between: ServedModel[];

  @ApiProperty({
    type: ProportionTestDto,
    nullable: true,
    description: 'clickRate of the second against the first; null when there is too little data: a variant without exposures, or fewer than 5 expected clicking or non-clicking learners in either variant under the pooled rate',
  })
  clickRate: ProportionTestDto | null;

  @ApiProperty({ type: ProportionTestDto, nullable: true, description: 'conversionRate of the second against the first; null on the same rule' })
  conversionRate: ProportionTestDto | null;
}

export class VariantResultsDto {
  @ApiProperty({ enum: SERVED_MODELS }) variant: ServedModel;
  @ApiProperty({ example: 50 }) share: number;
  @ApiProperty({ description: 'Learners served this variant at least once' }) exposures: number;
  @ApiProperty({ description: 'Cleansed click events on an item this variant showed the clicking learner, carrying their servedId' }) clicks: number;
  @ApiProperty({ description: 'Learners with at least one such click' }) clickingLearners: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.12, description: 'clickingLearners / exposures; null before any exposure' }) clickRate: number | null;
  @ApiProperty({ type: RateIntervalDto, nullable: true, description: '95 % Wilson score interval of clickRate; null before any exposure' }) clickRateInterval: RateIntervalDto | null;
  @ApiProperty({ description: 'Items shown by this variant that the learner then bought (paid order) within the conversion window' }) conversions: number;
  @ApiProperty({ description: 'Learners with at least one conversion' }) convertingLearners: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.03, description: 'convertingLearners / exposures; null before any exposure' }) conversionRate: number | null;
  @ApiProperty({ type: RateIntervalDto, nullable: true, description: '95 % Wilson score interval of conversionRate; null before any exposure' })
  conversionRateInterval: RateIntervalDto | null;
}

export class ExperimentResultsDto extends ExperimentDto {
  @ApiProperty({ type: [VariantResultsDto], description: 'One per variant, in the order created, counted as the results are read' })
  results: VariantResultsDto[];

  @ApiProperty({ type: VariantComparisonDto, description: 'The two variants compared per rate by a pooled two-proportion z-test and an always-valid sequential test' })
  comparison: VariantComparisonDto;
}

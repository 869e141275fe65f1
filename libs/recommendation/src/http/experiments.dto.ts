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

export class VariantResultsDto {
  @ApiProperty({ enum: SERVED_MODELS }) variant: ServedModel;
  @ApiProperty({ example: 50 }) share: number;
  @ApiProperty({ description: 'Learners served this variant at least once' }) exposures: number;
  @ApiProperty({ description: 'Cleansed click events on an item this variant showed the clicking learner, carrying their servedId' }) clicks: number;
  @ApiProperty({ description: 'Learners with at least one such click' }) clickingLearners: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.12, description: 'clickingLearners / exposures; null before any exposure' }) clickRate: number | null;
  @ApiProperty({ description: 'Items shown by this variant that the learner then bought (paid order) within the conversion window' }) conversions: number;
  @ApiProperty({ description: 'Learners with at least one conversion' }) convertingLearners: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.03, description: 'convertingLearners / exposures; null before any exposure' }) conversionRate: number | null;
}

export class ExperimentResultsDto extends ExperimentDto {
  @ApiProperty({ type: [VariantResultsDto], description: 'One per variant, in the order created, counted as the results are read' })
  results: VariantResultsDto[];
}

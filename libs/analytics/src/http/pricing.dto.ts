import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';

/** A name the LP text can carry as is: letters, digits and underscores, not starting with a digit. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
const NAME_MESSAGE = 'names are 1 to 32 letters, digits or _, not starting with a digit';
/** Coefficients and bounds HiGHS treats as finite (it reads 1e20 as infinity). */
const LIMIT = 1e12;

export class PricingVariableDto {
  @ApiProperty({ example: 'discount_item_a' }) @Matches(NAME, { message: NAME_MESSAGE }) name: string;
  @ApiProperty({ example: 2, description: 'Coefficient in the objective' }) @IsNumber() @Min(-LIMIT) @Max(LIMIT) objective: number;
  @ApiPropertyOptional({ example: 0, default: 0 }) @IsOptional() @IsNumber() @Min(-LIMIT) @Max(LIMIT) lower?: number;
  @ApiPropertyOptional({ example: 1, description: 'No upper bound when absent' }) @IsOptional() @IsNumber() @Min(-LIMIT) @Max(LIMIT) upper?: number;
  @ApiPropertyOptional({ enum: ['continuous', 'integer', 'binary'], default: 'continuous' })
  @IsOptional()
  @IsIn(['continuous', 'integer', 'binary'])
  type?: 'continuous' | 'integer' | 'binary';
}

export class PricingTermDto {
  @ApiProperty({ example: 'discount_item_a' }) @Matches(NAME, { message: NAME_MESSAGE }) variable: string;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(-LIMIT) @Max(LIMIT) coefficient: number;
}

export class PricingConstraintDto {
  @ApiProperty({ example: 'budget' }) @Matches(NAME, { message: NAME_MESSAGE }) name: string;

  @ApiProperty({ type: [PricingTermDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => PricingTermDto)
  terms: PricingTermDto[];

  @ApiProperty({ enum: ['<=', '>=', '='] }) @IsIn(['<=', '>=', '=']) operator: '<=' | '>=' | '=';
  @ApiProperty({ example: 100 }) @IsNumber() @Min(-LIMIT) @Max(LIMIT) bound: number;
}

export class PricingModelDto {
  @ApiProperty({ enum: ['minimize', 'maximize'] }) @IsIn(['minimize', 'maximize']) sense: 'minimize' | 'maximize';

  @ApiProperty({ type: [PricingVariableDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => PricingVariableDto)
  variables: PricingVariableDto[];

  @ApiProperty({ type: [PricingConstraintDto] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => PricingConstraintDto)
  constraints: PricingConstraintDto[];
}

export class PlanValueDto {
  @ApiProperty({ example: 'x1' }) variable: string;
  @ApiProperty({ example: 100 }) value: number;
}

export class ConstraintOutcomeDto {
  @ApiProperty({ example: 'c2' }) name: string;
  @ApiProperty({ example: 200, description: 'The left-hand side at the optimum' }) activity: number;
  @ApiProperty({ example: 200 }) bound: number;
  @ApiProperty({ example: true, description: 'Holds with equality at the optimum' }) binding: boolean;
  @ApiProperty({ type: 'number', nullable: true, example: 1, description: 'Objective change per unit of bound (LP only; null for integer models)' })
  shadowPrice: number | null;
}

export class PricingPlanDto {
  @ApiProperty({ example: 200 }) objectiveValue: number;
  @ApiProperty({ type: [PlanValueDto] }) plan: PlanValueDto[];
  @ApiProperty({ type: [ConstraintOutcomeDto] }) constraints: ConstraintOutcomeDto[];
  @ApiProperty({ type: [String], example: ['c1', 'c2'] }) binding: string[];
}

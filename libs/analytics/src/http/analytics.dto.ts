import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { FORECAST_METHODS } from '../domain/statistics.js';
import { DIMENSIONS } from '../queries/analytics-scope.js';
import { TREND_METRICS } from '../queries/get-analytics-trend.js';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class AnalyticsQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day (UTC) of the window; 30 days before `to` if absent' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day (UTC) of the window, included; today if absent' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day, YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: DIMENSIONS, description: 'Narrow to one item, creator, category or platform (with `key`)' })
  @IsOptional()
  @IsIn(DIMENSIONS)
  dimension?: (typeof DIMENSIONS)[number];

  @ApiPropertyOptional({ example: 'course', description: 'The item or creator id, the category (content kind) or the platform' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  key?: string;
}

export class TrendQueryDto extends AnalyticsQueryDto {
  @ApiProperty({ enum: Object.keys(TREND_METRICS), example: 'views' })
  @IsIn(Object.keys(TREND_METRICS))
  metric: keyof typeof TREND_METRICS;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'svg'], default: 'json', description: 'JSON, CSV (day, value, 7-day average) or an SVG line chart' })
  @IsOptional()
  @IsIn(['json', 'csv', 'svg'])
  format?: 'json' | 'csv' | 'svg';
}

export class RulesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ScopeDto {
  @ApiProperty({ example: '2026-11-01' }) from: string;
  @ApiProperty({ example: '2026-11-30' }) to: string;
  @ApiPropertyOptional({ enum: DIMENSIONS }) dimension?: string;
  @ApiPropertyOptional({ example: 'course' }) key?: string;
}

export class DescriptionDto {
  @ApiProperty({ example: 30 }) count: number;
  @ApiProperty({ example: 1240 }) sum: number;
  @ApiProperty({ type: 'number', nullable: true, example: 41.3 }) mean: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 52.1, description: 'Population variance (var_pop)' }) variance: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 40, description: 'percentile_cont(0.5)' }) median: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 50.2, description: 'percentile_cont(0.9)' }) p90: number | null;
}

export class CompletionDto {
  @ApiProperty({ example: 40 }) players: number;
  @ApiProperty({ example: 12 }) completers: number;
  @ApiProperty({ type: 'number', nullable: true, example: 0.3 }) rate: number | null;
}

export class AnalyticsStatsDto {
  @ApiProperty({ type: ScopeDto }) scope: ScopeDto;
  @ApiProperty({ type: DescriptionDto, description: 'Views per day of the window (0 on days without)' }) viewsPerDay: DescriptionDto;
  @ApiProperty({ type: DescriptionDto, description: 'Distinct buyers per day' }) buyersPerDay: DescriptionDto;
  @ApiProperty({ example: 17, description: 'Distinct buyers over the window' }) buyers: number;
  @ApiProperty({ type: DescriptionDto, description: 'Enrolments per day (a learner taking up an item, by purchase or membership; 0 on days without)' })
  enrolmentsPerDay: DescriptionDto;
  @ApiProperty({ example: 21, description: 'Distinct learners enrolled over the window' }) enrolledLearners: number;
  @ApiProperty({ type: DescriptionDto, description: 'Amount of each purchase (minor unit)' }) revenueCents: DescriptionDto;
  @ApiProperty({ type: DescriptionDto, description: 'Amount of each refund (minor unit)' }) refundCents: DescriptionDto;
  @ApiProperty({ type: DescriptionDto, description: 'Each rating (1 to 5)' }) ratings: DescriptionDto;
  @ApiProperty({ type: CompletionDto }) completion: CompletionDto;
}

export class TrendPointDto {
  @ApiProperty({ example: '2026-11-20' }) day: string;
  @ApiProperty({ example: 42 }) value: number;
  @ApiProperty({ type: 'number', nullable: true, example: 39.4 }) movingAverage7: number | null;
}

export class WeekdayDto {
  @ApiProperty({ example: 'Mon' }) weekday: string;
  @ApiProperty({ type: 'number', nullable: true, example: 40.5 }) mean: number | null;
}

export class ForecastPointDto {
  @ApiProperty({ example: '2026-12-01' }) day: string;
  @ApiProperty({ example: 44.2 }) value: number;
}

export class ForecastCandidateDto {
  @ApiProperty({ enum: FORECAST_METHODS }) method: string;
  @ApiProperty({ example: 3.1, description: 'Mean absolute error on the held-out days of a fit without them' }) meanAbsoluteError: number;
}

export class ForecastDto {
  @ApiProperty({ enum: FORECAST_METHODS, description: 'The candidate with the smaller held-out error (the line on a tie)' }) method: string;
  @ApiProperty({ type: [ForecastPointDto], description: 'The next 7 days' }) points: ForecastPointDto[];
  @ApiProperty({ example: 7 }) heldOutDays: number;
  @ApiProperty({ type: 'number', nullable: true, example: 3.1, description: 'Mean absolute error on the held-out days of a fit without them' })
  meanAbsoluteError: number | null;
  @ApiProperty({ type: [ForecastCandidateDto], description: 'Every method that could be fitted (Holt-Winters needs 14 days before the held-out ones)' })
  candidates: ForecastCandidateDto[];
}

export class AnalyticsTrendDto {
  @ApiProperty({ type: ScopeDto }) scope: ScopeDto;
  @ApiProperty({ enum: Object.keys(TREND_METRICS) }) metric: string;
  @ApiProperty({ type: [TrendPointDto] }) points: TrendPointDto[];
  @ApiProperty({ type: 'number', nullable: true, example: 0.12, description: 'Last 7 days over the 7 before, minus 1' }) weekOverWeek: number | null;
  @ApiProperty({ type: [WeekdayDto] }) weekdayProfile: WeekdayDto[];
  @ApiProperty({ type: ForecastDto }) forecast: ForecastDto;
}

export class FunnelStepDto {
  @ApiProperty({ enum: ['viewed', 'ordered', 'paid', 'completed'] }) step: string;
  @ApiProperty({ example: 120 }) pairs: number;
  @ApiProperty({ type: 'number', nullable: true, example: 0.25 }) conversion: number | null;
}

export class FunnelDto {
  @ApiProperty({ type: ScopeDto }) scope: ScopeDto;
  @ApiProperty({ type: [FunnelStepDto] }) steps: FunnelStepDto[];
}

export class CohortDto {
  @ApiProperty({ example: '2026-09' }) month: string;
  @ApiProperty({ example: 80 }) users: number;
  @ApiProperty({ type: [Number], example: [1, 0.4, 0.3] }) retention: number[];
}

export class CohortsDto {
  @ApiProperty({ type: ScopeDto }) scope: ScopeDto;
  @ApiProperty({ type: [CohortDto] }) cohorts: CohortDto[];
}

export class AssociationRuleDto {
  @ApiProperty({ type: [String], example: ['0b7c3f0e-9a59-4c1e-8d8f-1f1f8c5b2a10'] }) antecedent: string[];
  @ApiProperty({ type: [String], example: ['5d1e7c2a-1b0f-4d7e-9a3c-2e4f6a8b0c1d'] }) consequent: string[];
  @ApiProperty({ example: 0.04 }) support: number;
  @ApiProperty({ example: 0.6 }) confidence: number;
  @ApiProperty({ example: 3.2 }) lift: number;
  @ApiProperty({ example: 12 }) baskets: number;
}

export class AssociationRulesDto {
  @ApiProperty({ type: [AssociationRuleDto], description: 'Strongest lift first' }) items: AssociationRuleDto[];
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblem, type AppAbility, CallerAbility, Policy } from '#platform';
import { GetAnalyticsStats } from '../queries/get-analytics-stats.js';
import { GetAnalyticsTrend } from '../queries/get-analytics-trend.js';
import { GetCohorts } from '../queries/get-cohorts.js';
import { GetFunnel } from '../queries/get-funnel.js';
import { AnalyticsQueryDto, AnalyticsStatsDto, CohortsDto, FunnelDto, TrendQueryDto } from './analytics.dto.js';
import { ApiTrendResponse, scopeOf, sendTrend } from './analytics-responses.js';

/** What every analytics route can refuse beyond its input: a scope the caller may not see, a bad window. */
export const ANALYTICS_PROBLEMS = {
  404: { 'ANALYTICS.ITEM_NOT_FOUND': 'No item, creator or category of this key among the items the caller may see' },
  422: { 'ANALYTICS.BAD_WINDOW': 'The window ends before it starts, or spans more than 366 days' },
};

/** A creator's analytics of their own items: the caller's rules filter every figure to them. */
@ApiTags('creator')
@Controller('api/v1/creator/analytics')
export class CreatorAnalyticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('stats')
  @Policy('read', 'Analytics')
  @ApiOperation({ operationId: 'getCreatorAnalyticsStats', summary: 'Descriptive statistics of the caller\'s items over a window' })
  @ApiOkResponse({ type: AnalyticsStatsDto, description: 'Views, buyers, revenue, refunds, ratings: count, mean, variance, median, p90' })
  @ApiProblem(404, ANALYTICS_PROBLEMS[404])
  @ApiProblem(422, ANALYTICS_PROBLEMS[422])
  stats(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<AnalyticsStatsDto> {
    return this.queries.execute(new GetAnalyticsStats(ability, scopeOf(query)));
  }

  @Get('trend')
  @Policy('read', 'Analytics')
  @ApiOperation({ operationId: 'getCreatorAnalyticsTrend', summary: 'A daily metric of the caller\'s items with its trend and forecast (JSON, CSV or SVG)' })
  @ApiTrendResponse()
  @ApiProblem(404, ANALYTICS_PROBLEMS[404])
  @ApiProblem(422, ANALYTICS_PROBLEMS[422])
  async trend(@CallerAbility() ability: AppAbility, @Query() query: TrendQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return sendTrend(await this.queries.execute(new GetAnalyticsTrend(ability, scopeOf(query), query.metric)), query.format, reply);
  }

  @Get('funnel')
  @Policy('read', 'Analytics')
  @ApiOperation({ operationId: 'getCreatorFunnel', summary: 'The view → order → paid → completed funnel of the caller\'s items' })
  @ApiOkResponse({ type: FunnelDto, description: '(user, item) pairs at each step and the conversion from the step before' })
  @ApiProblem(422, ANALYTICS_PROBLEMS[422])
  funnel(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<FunnelDto> {
    return this.queries.execute(new GetFunnel(ability, scopeOf(query)));
  }

  @Get('cohorts')
  @Policy('read', 'Analytics')
  @ApiOperation({ operationId: 'getCreatorCohorts', summary: 'Monthly cohorts of the caller\'s buyers and their retention' })
  @ApiOkResponse({ type: CohortsDto, description: 'By month of first purchase; retention per following month' })
  @ApiProblem(422, ANALYTICS_PROBLEMS[422])
  cohorts(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<CohortsDto> {
    return this.queries.execute(new GetCohorts(ability, scopeOf(query)));
  }
}

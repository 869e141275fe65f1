import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblem, type AppAbility, CallerAbility, Policy } from '#platform';
import { GetAnalyticsStats } from '../queries/get-analytics-stats.js';
import { GetAnalyticsTrend } from '../queries/get-analytics-trend.js';
import { GetCohorts } from '../queries/get-cohorts.js';
import { GetFunnel } from '../queries/get-funnel.js';
import { ListAssociationRules } from '../queries/list-association-rules.js';
import { AnalyticsQueryDto, AnalyticsStatsDto, AssociationRulesDto, CohortsDto, FunnelDto, RulesQueryDto, TrendQueryDto } from './analytics.dto.js';
import { ApiTrendResponse, scopeOf, sendTrend } from './analytics-responses.js';
import { ANALYTICS_PROBLEMS } from './creator-analytics.controller.js';

/** Staff: the same figures over every item, creator, category and platform, and the association rules. */
@ApiTags('admin: analytics')
@Controller('api/v1/admin/analytics')
export class AdminAnalyticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('stats')
  @Policy('read', 'Analytics')
  @ApiOperation({ operationId: 'getAnalyticsStats', summary: 'Descriptive statistics of any scope over a window' })
  @ApiOkResponse({ type: AnalyticsStatsDto, description: 'Views, buyers, revenue, refunds, ratings: count, mean, variance, median, p90' })
  @ApiProblem(404, ANALYTICS_PROBLEMS[404])
  @ApiProblem(422, ANALYTICS_PROBLEMS[422])
  stats(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<AnalyticsStatsDto> {
    return this.queries.execute(new GetAnalyticsStats(ability, scopeOf(query)));
  }

  @Get('trend')
  @Policy('read', 'Analytics')
  @ApiOperation({ operationId: 'getAnalyticsTrend', summary: 'A daily metric of any scope with its trend and forecast (JSON, CSV or SVG)' })
  @ApiTrendResponse()
  @ApiProblem(404, ANALYTICS_PROBLEMS[404])
  @ApiProblem(422, ANALYTICS_PROBLEMS[422])
  async trend(@CallerAbility() ability: AppAbility, @Query() query: TrendQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return sendTrend(await this.queries.execute(new GetAnalyticsTrend(ability, scopeOf(query), query.metric)), query.format, reply);
  }

  @Get('funnel')
  @Policy('read', 'Analytics')
  @ApiOperation({ operationId: 'getFunnel', summary: 'The view → order → paid → completed funnel of any scope' })
  @ApiOkResponse({ type: FunnelDto, description: '(user, item) pairs at each step and the conversion from the step before' })
  @ApiProblem(422, ANALYTICS_PROBLEMS[422])
  funnel(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<FunnelDto> {
    return this.queries.execute(new GetFunnel(ability, scopeOf(query)));
  }

  @Get('cohorts')
  @Policy('read', 'Analytics')
  @ApiOperation({ operationId: 'getCohorts', summary: 'Monthly cohorts of buyers and their retention' })
  @ApiOkResponse({ type: CohortsDto, description: 'By month of first purchase; retention per following month' })
  @ApiProblem(422, ANALYTICS_PROBLEMS[422])
  cohorts(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<CohortsDto> {
    return this.queries.execute(new GetCohorts(ability, scopeOf(query)));
  }

  @Get('association-rules')
  @Policy('read', 'AssociationRules')
  @ApiOperation({ operationId: 'listAssociationRules', summary: 'Items frequently bought together, with support, confidence and lift' })
  @ApiOkResponse({ type: AssociationRulesDto, description: 'As the last analytics refresh found them, strongest lift first' })
  rules(@Query() query: RulesQueryDto): Promise<AssociationRulesDto> {
    return this.queries.execute(new ListAssociationRules(query.limit ?? 50));
  }
}

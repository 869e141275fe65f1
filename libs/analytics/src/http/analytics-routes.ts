import { Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblem, type AppAbility, CallerAbility, Policy } from '#platform';
import { GetAnalyticsStats } from '../queries/get-analytics-stats.js';
import { GetAnalyticsTrend } from '../queries/get-analytics-trend.js';
import { GetCohorts } from '../queries/get-cohorts.js';
import { GetFunnel } from '../queries/get-funnel.js';
import { AnalyticsQueryDto, AnalyticsStatsDto, CohortsDto, FunnelDto, TrendQueryDto } from './analytics.dto.js';
import { ApiTrendResponse, scopeOf, sendTrend } from './analytics-responses.js';

const NOT_FOUND = { 'ANALYTICS.ITEM_NOT_FOUND': 'No item, creator or category of this key among the items the caller may see' };
const BAD_WINDOW = { 'ANALYTICS.BAD_WINDOW': 'The window ends before it starts, or spans more than 366 days' };

/**
 * The analytics routes, the same for creators and staff: the caller's CASL rules for
 * ('read', 'Analytics') scope every query (a creator's to their own items), so one implementation
 * serves both audiences. `prefix` keeps their operation ids apart; `whose` words their summaries.
 */
export function analyticsRoutes(prefix: 'creator' | 'staff', whose: string) {
  const id = (name: string) => (prefix === 'creator' ? `getCreator${name}` : `get${name}`);

  class AnalyticsRoutes {
    constructor(readonly queries: QueryBus) {}

    @Get('stats')
    @Policy('read', 'Analytics')
    @ApiOperation({ operationId: id('AnalyticsStats'), summary: `Descriptive statistics of ${whose} over a window` })
    @ApiOkResponse({ type: AnalyticsStatsDto, description: 'Views, buyers, enrolments, revenue, refunds, ratings: count, mean, variance, median, p90' })
    @ApiProblem(404, NOT_FOUND)
    @ApiProblem(422, BAD_WINDOW)
    stats(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<AnalyticsStatsDto> {
      return this.queries.execute(new GetAnalyticsStats(ability, scopeOf(query)));
    }

    @Get('trend')
    @Policy('read', 'Analytics')
    @ApiOperation({ operationId: id('AnalyticsTrend'), summary: `A daily metric of ${whose} with its trend and forecast (JSON, CSV or SVG)` })
    @ApiTrendResponse()
    @ApiProblem(404, NOT_FOUND)
    @ApiProblem(422, BAD_WINDOW)
    async trend(@CallerAbility() ability: AppAbility, @Query() query: TrendQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
      return sendTrend(await this.queries.execute(new GetAnalyticsTrend(ability, scopeOf(query), query.metric)), query.format, reply);
    }

    @Get('funnel')
    @Policy('read', 'Analytics')
    @ApiOperation({ operationId: id('Funnel'), summary: `The view → order → paid → completed funnel of ${whose}` })
    @ApiOkResponse({ type: FunnelDto, description: '(user, item) pairs at each step and the conversion from the step before' })
    @ApiProblem(422, BAD_WINDOW)
    funnel(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<FunnelDto> {
      return this.queries.execute(new GetFunnel(ability, scopeOf(query)));
    }

    @Get('cohorts')
    @Policy('read', 'Analytics')
    @ApiOperation({ operationId: id('Cohorts'), summary: `Monthly cohorts of the buyers of ${whose} and their retention` })
    @ApiOkResponse({ type: CohortsDto, description: 'By month of first purchase; retention per following month' })
    @ApiProblem(422, BAD_WINDOW)
    cohorts(@CallerAbility() ability: AppAbility, @Query() query: AnalyticsQueryDto): Promise<CohortsDto> {
      return this.queries.execute(new GetCohorts(ability, scopeOf(query)));
    }
  }
  return AnalyticsRoutes;
}

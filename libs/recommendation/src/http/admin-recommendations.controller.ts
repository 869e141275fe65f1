import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, Policy, RequestContext } from '#platform';
import { RequestRecommendationRebuild } from '../commands/request-recommendation-rebuild.js';
import { ListRecommendationRuns } from '../queries/list-recommendation-runs.js';
import { RebuildRequestedDto, RecommendationRunsDto, RecommendationRunsQueryDto } from './recommendation.dto.js';

@ApiTags('admin: recommendations')
@Controller('api/v1/admin/recommendations')
export class AdminRecommendationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('runs')
  @Policy('read', 'Recommendation')
  @ApiOperation({
    operationId: 'listRecommendationRuns',
    summary: 'The recommendation batch being built, with its progress, and the latest finished ones',
  })
  @ApiOkResponse({ type: RecommendationRunsDto })
  runs(@Query() query: RecommendationRunsQueryDto): Promise<RecommendationRunsDto> {
    return this.queries.execute(new ListRecommendationRuns(query.limit ?? 20));
  }

  @Post('rebuild')
  @HttpCode(202)
  @Policy('rebuild', 'Recommendation')
  @ApiOperation({
    operationId: 'requestRecommendationRebuild',
    summary: 'Ask for the recommendations to be recomputed now',
    description: 'Recorded at once; a worker runs the batch shortly (it also runs on a schedule).',
  })
  @ApiAcceptedResponse({ type: RebuildRequestedDto, description: 'Recorded; a worker runs the batch shortly' })
  // The request is appended to one shared log stream, retried a few times when requests race.
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Too many requests raced for the request log at the same moment; retry' })
  rebuild(@RequestContext() context: CommandContext): Promise<RebuildRequestedDto> {
    return this.commands.execute(new RequestRecommendationRebuild(context));
  }
}

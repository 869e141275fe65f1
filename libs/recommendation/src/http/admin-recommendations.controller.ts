import { Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, Policy, RequestContext } from '#platform';
import { RequestRecommendationRebuild } from '../commands/request-recommendation-rebuild.js';
import { RebuildRequestedDto } from './recommendation.dto.js';

@ApiTags('admin: recommendations')
@Controller('api/v1/admin/recommendations')
export class AdminRecommendationsController {
  constructor(private readonly commands: CommandBus) {}

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

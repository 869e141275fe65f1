import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Authenticated, CurrentActor } from '#platform';
import { RECOMMENDATION_LIMIT } from '../domain/ranking.js';
import { GetMyRecommendations } from '../queries/get-my-recommendations.js';
import { RecommendationListDto, RecommendationsQueryDto } from './recommendation.dto.js';

@ApiTags('me')
@Controller('api/v1/me/recommendations')
export class MyRecommendationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    operationId: 'listMyRecommendations',
    summary: 'List contents recommended to the caller, best first',
    description: 'Bought together with what the caller owns, then the most bought; never what they own or created.',
  })
  @ApiOkResponse({ type: RecommendationListDto, description: 'Published items the caller neither owns nor created' })
  list(@CurrentActor() actor: Actor, @Query() query: RecommendationsQueryDto): Promise<RecommendationListDto> {
    return this.queries.execute(new GetMyRecommendations(actor.userId, query.limit ?? RECOMMENDATION_LIMIT.default));
  }
}

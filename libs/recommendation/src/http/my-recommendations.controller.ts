import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Authenticated, CurrentActor } from '#platform';
import { RECOMMENDATION_LIMIT } from '../domain/ranking.js';
import { ServeMyRecommendations } from '../queries/serve-my-recommendations.js';
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
    description:
      'The serving model\'s picks for what the caller owns (each with its evidence), then the most bought of their categories, then the most bought; never what they own or created, at most RECOMMENDATION_MAX_PER_CREATOR of one creator. ' +
      'While an A/B experiment runs, the model is the one of the variant a hash of (experiment id, user id) assigns the caller, always the same; `experiment` names it and `servedId` is to be echoed in click events (props.servedId).',
  })
  @ApiOkResponse({ type: RecommendationListDto, description: 'Published items the caller neither owns nor created' })
  list(@CurrentActor() actor: Actor, @Query() query: RecommendationsQueryDto): Promise<RecommendationListDto> {
    return this.queries.execute(new ServeMyRecommendations(actor.userId, query.limit ?? RECOMMENDATION_LIMIT.default));
  }
}

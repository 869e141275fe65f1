import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, PublicOrSignedIn, RequestContext, UuidParam } from '#platform';
import { RECOMMENDATION_LIMIT } from '../domain/ranking.js';
import { GetSimilarContents } from '../queries/get-similar-contents.js';
import { RecommendationsQueryDto, SimilarContentListDto } from './recommendation.dto.js';

@ApiTags('contents')
@Controller('api/v1/contents')
export class SimilarContentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/similar')
  @PublicOrSignedIn('Lists only published contents and purchase counts; a signed-in caller\'s own and owned items are left out')
  @ApiOperation({
    operationId: 'listSimilarContents',
    summary: 'Contents frequently bought together with this one, then contents like it',
    description: 'Bought together first (each with the learners who bought both), then similar by content (each with the terms both carry); for a signed-in caller, never what they own or created.',
  })
  @ApiOkResponse({ type: SimilarContentListDto, description: 'Published contents bought together with this one' })
  @ApiProblem(404, { 'RECOMMENDATION.CONTENT_NOT_FOUND': 'No published content has this id' })
  list(
    @Param('id', UuidParam) id: string,
    @Query() query: RecommendationsQueryDto,
    @RequestContext() context: CommandContext,
  ): Promise<SimilarContentListDto> {
    return this.queries.execute(new GetSimilarContents(id, context.actor?.userId ?? null, query.limit ?? RECOMMENDATION_LIMIT.default));
  }
}

import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, Authenticated, type CommandContext, CurrentActor, RequestContext } from '#platform';
import { StateMyInterests } from '../commands/state-my-interests.js';
import { MAX_INTERESTS } from '../domain/interests.js';
import { GetMyInterests } from '../queries/get-my-interests.js';
import { InterestsDto, StateInterestsDto } from './interests.dto.js';

/** The categories a learner chose: their list's popular fill serves these first (cold start). Only the caller's own. */
@ApiTags('me')
@Controller('api/v1/me/interests')
export class MyInterestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'getMyInterests', summary: 'The categories the caller chose as interests', description: 'Empty before any is chosen; a category deleted since is left out.' })
  @ApiOkResponse({ type: InterestsDto })
  get(@CurrentActor() actor: Actor): Promise<InterestsDto> {
    return this.queries.execute(new GetMyInterests(actor.userId));
  }

  @Put()
  @Authenticated()
  @ApiOperation({
    operationId: 'stateMyInterests',
    summary: 'Choose the categories the caller is interested in',
    description:
      `The list replaces the one before (empty clears it); at most ${MAX_INTERESTS} different existing categories, a repeated id counts once. ` +
      'Sending the same choice again changes nothing. From the next read, `GET /me/recommendations` fills with the most bought items of these categories first.',
  })
  @ApiOkResponse({ type: InterestsDto, description: 'The interests as stated' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Your interests changed many times at the same moment; send it again' })
  @ApiProblem(422, {
    'RECOMMENDATION.UNKNOWN_CATEGORY': 'A category does not exist (the detail names each)',
    'RECOMMENDATION.TOO_MANY_INTERESTS': `More than ${MAX_INTERESTS} different categories`,
  })
  async state(@Body() body: StateInterestsDto, @RequestContext() context: CommandContext, @CurrentActor() actor: Actor): Promise<InterestsDto> {
    await this.commands.execute(new StateMyInterests(body.categoryIds, context));
    return this.queries.execute(new GetMyInterests(actor.userId));
  }
}

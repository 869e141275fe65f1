import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, Policy, type ProblemCodes, RequestContext, UuidParam } from '#platform';
import { CreateRecommendationExperiment } from '../commands/create-recommendation-experiment.js';
import { StopRecommendationExperiment } from '../commands/stop-recommendation-experiment.js';
import { DEFAULT_CONVERSION_WINDOW_HOURS, type ExperimentVariant } from '../domain/experiments.js';
import { GetRecommendationExperiment } from '../queries/get-recommendation-experiment.js';
import { ListRecommendationExperiments } from '../queries/list-recommendation-experiments.js';
import { CreateExperimentDto, ExperimentListDto, ExperimentResultsDto, type ExperimentVariantInputDto } from './experiments.dto.js';

const CONCURRENT: ProblemCodes = { 'EVENT_STORE.VERSION_CONFLICT': 'Another admin changed the experiments at the same moment; reload and retry' };
const NOT_FOUND: ProblemCodes = { 'RECOMMENDATION.EXPERIMENT_NOT_FOUND': 'No such experiment' };

/** Shares as given; both absent is 50/50, one absent is the rest of 100 (the decider checks the sum). */
function withShares([a, b]: ExperimentVariantInputDto[]): ExperimentVariant[] {
  const first = a!.share ?? (b!.share === undefined ? 50 : 100 - b!.share);
  const second = b!.share ?? 100 - first;
  return [
    { model: a!.model, share: first },
    { model: b!.model, share: second },
  ];
}

/** A/B experiments between two served models (admins): create, list, read results, stop. */
@ApiTags('admin: recommendations')
@Controller('api/v1/admin/recommendations/experiments')
export class AdminExperimentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('manage', 'RecommendationExperiment')
  @ApiOperation({
    operationId: 'createRecommendationExperiment',
    summary: 'Start an A/B experiment between two recommendation models',
    description:
      'From the next read, each learner\'s `GET /me/recommendations` is served by the variant a hash of (experiment id, user id) assigns them: ' +
      'the same variant every time. At most one experiment runs at a time.',
  })
  @ApiCreatedResponse({ type: ExperimentResultsDto, description: 'Running, with empty results' })
  @ApiProblem(409, {
    'RECOMMENDATION.EXPERIMENT_RUNNING': 'Another experiment is running; stop it first',
    'RECOMMENDATION.EXPERIMENT_EXISTS': 'The new experiment\'s id is taken (ids are random: not expected)',
    ...CONCURRENT,
  })
  @ApiProblem(422, { 'RECOMMENDATION.EXPERIMENT_INVALID': 'The two variants serve the same model, or their shares do not add up to 100' })
  async create(@Body() body: CreateExperimentDto, @RequestContext() context: CommandContext): Promise<ExperimentResultsDto> {
    const { experimentId } = await this.commands.execute(
      new CreateRecommendationExperiment(
        { name: body.name, variants: withShares(body.variants), conversionWindowHours: body.conversionWindowHours ?? DEFAULT_CONVERSION_WINDOW_HOURS },
        context,
      ),
    );
    return this.queries.execute(new GetRecommendationExperiment(experimentId));
  }

  @Get()
  @Policy('read', 'RecommendationExperiment')
  @ApiOperation({ operationId: 'listRecommendationExperiments', summary: 'List the A/B experiments, the running one first' })
  @ApiOkResponse({ type: ExperimentListDto })
  list(): Promise<ExperimentListDto> {
    return this.queries.execute(new ListRecommendationExperiments());
  }

  @Get(':experimentId')
  @Policy('read', 'RecommendationExperiment')
  @ApiOperation({
    operationId: 'getRecommendationExperiment',
    summary: 'An experiment with its results per variant',
    description:
      'Exposures (learners served the variant), clicks (cleansed `click` events carrying the learner\'s servedId on an item the variant showed them) ' +
      'and conversions (paid orders for a shown item within the conversion window after it was first shown), with their rates per exposed learner.',
  })
  @ApiOkResponse({ type: ExperimentResultsDto })
  @ApiProblem(404, NOT_FOUND)
  get(@Param('experimentId', UuidParam) experimentId: string): Promise<ExperimentResultsDto> {
    return this.queries.execute(new GetRecommendationExperiment(experimentId));
  }

  @Post(':experimentId/stop')
  @HttpCode(200)
  @Policy('manage', 'RecommendationExperiment')
  @ApiOperation({ operationId: 'stopRecommendationExperiment', summary: 'Stop an experiment', description: 'Everyone gets the hybrid again from the next read; the results stay readable.' })
  @ApiOkResponse({ type: ExperimentResultsDto })
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, { 'RECOMMENDATION.EXPERIMENT_STOPPED': 'It is stopped already', ...CONCURRENT })
  async stop(@Param('experimentId', UuidParam) experimentId: string, @RequestContext() context: CommandContext): Promise<ExperimentResultsDto> {
    await this.commands.execute(new StopRecommendationExperiment(experimentId, context));
    return this.queries.execute(new GetRecommendationExperiment(experimentId));
  }
}

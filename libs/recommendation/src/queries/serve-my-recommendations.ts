import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { assignVariant } from '../domain/experiments.js';
import type { Recommendation, ServedModel } from '../domain/ranking.js';
import { ExperimentExposures } from '../projections/experiment-exposures.js';
import { GetMyRecommendations, ownedContentIds } from './get-my-recommendations.js';

export interface ServedRecommendations {
  readonly items: Recommendation[];
  /** The running experiment and the variant this learner is assigned to; null when none runs (the hybrid serves). */
  readonly experiment: { readonly id: string; readonly variant: ServedModel } | null;
  /** Echoed by the client in click events (props.servedId) so the experiment counts them; null outside an experiment. */
  readonly servedId: string | null;
}

/**
 * The learner's list as `GET /me/recommendations` serves it: the hybrid's, or while an A/B
 * experiment runs, the list of the variant the learner's hash assigns them (always the same one
 * for the same learner), recording the exposure and the items shown.
 */
export class ServeMyRecommendations extends Query<ServedRecommendations> {
  constructor(
    readonly learnerId: string,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(ServeMyRecommendations)
export class ServeMyRecommendationsHandler implements IQueryHandler<ServeMyRecommendations> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    private readonly exposures: ExperimentExposures,
  ) {}

  async execute({ learnerId, limit }: ServeMyRecommendations): Promise<ServedRecommendations> {
    // The running experiment and what the learner owns do not depend on each other: one round for both.
    const [experiment, owned] = await Promise.all([this.exposures.running(), ownedContentIds(this.dataSource, this.queries, learnerId)]);
    if (!experiment) {
      const { items } = await this.queries.execute(new GetMyRecommendations(learnerId, limit, 'hybrid', owned));
      return { items, experiment: null, servedId: null };
    }
    const { model } = assignVariant(experiment.experimentId, learnerId, experiment.variants);
    const { items } = await this.queries.execute(new GetMyRecommendations(learnerId, limit, model, owned));
    const servedId = await this.exposures.recordServe(
      experiment.experimentId,
      learnerId,
      model,
      items.map((item) => item.contentId),
    );
    return { items, experiment: { id: experiment.experimentId, variant: model }, servedId };
  }
}

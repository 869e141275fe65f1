import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { assignVariant } from '../domain/experiments.js';
import type { Recommendation, ServedModel } from '../domain/ranking.js';
import { ExperimentExposures } from '../projections/experiment-exposures.js';
import { servePrecomputed } from '../domain/precomputed-lists.js';
import { PrecomputedLists } from '../projections/precomputed-lists.js';
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
 * for the same learner), recording the exposure and the items shown. The hybrid's list is the
 * learner's precomputed one when it still holds (projections/precomputed-lists.ts: same batch,
 * same items owned, enough left once what changed is dropped), read beside what they own; else,
 * and for user-kNN (its neighbours' interactions as they are now), it is computed live.
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
    private readonly lists: PrecomputedLists,
  ) {}

  async execute({ learnerId, limit }: ServeMyRecommendations): Promise<ServedRecommendations> {
    // The running experiment, what the learner owns and their stored list do not depend on each other: one round for all.
    const [experiment, owned, stored] = await Promise.all([
      this.exposures.running(),
      ownedContentIds(this.dataSource, this.queries, learnerId),
      this.lists.read(learnerId),
    ]);
    const list = async (model: ServedModel): Promise<Recommendation[]> =>
      (model === 'hybrid' && stored ? servePrecomputed(stored, learnerId, owned, limit) : null) ??
      (await this.queries.execute(new GetMyRecommendations(learnerId, limit, model, owned))).items;
    if (!experiment) return { items: await list('hybrid'), experiment: null, servedId: null };
    const { model } = assignVariant(experiment.experimentId, learnerId, experiment.variants);
    const items = await list(model);
    const servedId = await this.exposures.recordServe(
      experiment.experimentId,
      learnerId,
      model,
      items.map((item) => item.contentId),
    );
    return { items, experiment: { id: experiment.experimentId, variant: model }, servedId };
  }
}

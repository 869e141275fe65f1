import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { nameBasedUuid } from '#platform';
import type { ExperimentVariant } from '../domain/experiments.js';
import type { ServedModel } from '../domain/ranking.js';

export interface RunningExperiment {
  readonly experimentId: string;
  readonly variants: readonly ExperimentVariant[];
}

/**
 * What an experiment needs at serving time: the one running (if any), and a record of whom it
 * served which variant and which items, each once, with when they were first shown.
 */
@Injectable()
export class ExperimentExposures {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async running(): Promise<RunningExperiment | null> {
    const [row]: { experimentId: string; variants: ExperimentVariant[] }[] = await this.dataSource.query(
      `SELECT experiment_id AS "experimentId", variants FROM rec_experiments WHERE status = 'running'`,
    );
    return row ?? null;
  }

  /**
   * Records that the learner was served the variant (the first time only) and the items shown
   * (each the first time only); returns the served id, a pure function of (experiment, learner),
   * which the client echoes in its click events as props.servedId.
   */
  async recordServe(experimentId: string, userId: string, variant: ServedModel, contentIds: readonly string[]): Promise<string> {
    const servedId = nameBasedUuid(experimentId, userId);
    // One statement (atomic on its own, one round trip): the exposure, then the items, in id order.
    await this.dataSource.query(
      `WITH exposed AS (
         INSERT INTO rec_experiment_exposures (experiment_id, user_id, variant, served_id, first_served_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (experiment_id, user_id) DO NOTHING
       )
       INSERT INTO rec_experiment_offers (experiment_id, user_id, content_id, first_offered_at)
       SELECT $1, $2, content_id, now() FROM unnest($5::uuid[]) AS content_id ORDER BY content_id
       ON CONFLICT DO NOTHING`,
      [experimentId, userId, variant, servedId, [...new Set(contentIds)]],
    );
    return servedId;
  }
}

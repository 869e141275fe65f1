import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface RecommendationRun {
  readonly id: string;
  readonly trigger: 'schedule' | 'manual';
  readonly requestedBy: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Items that got at least one neighbour, and neighbour rows written. */
  readonly items: number;
  readonly pairs: number;
  /** Whether readers use this run's neighbours now. */
  readonly current: boolean;
  /** The serving model it trained, with its chosen weights. */
  readonly model: string | null;
  /** Whether the data's size allowed EASE or the sparse models, and why. */
  readonly modelChoice: ModelChoice | null;
}

export interface ModelChoice {
  readonly kind: 'ease' | 'sparse';
  readonly reason: string;
}

export interface RunInProgress {
  readonly id: string;
  readonly trigger: 'schedule' | 'manual';
  readonly requestedBy: string | null;
  readonly startedAt: string;
  readonly phase: 'neighbours' | 'model' | 'popularity';
  /** Content ids done in this phase, of `total`. */
  readonly processed: number;
  readonly total: number;
  readonly items: number;
  readonly pairs: number;
  /** The percent the run's BullMQ job shows, and what it is doing. */
  readonly progress: number;
  readonly step: string | null;
  readonly modelChoice: ModelChoice | null;
}

/** The model choice as two columns become one field. */
const MODEL_CHOICE = `CASE WHEN model_choice IS NULL THEN NULL ELSE jsonb_build_object('kind', model_choice, 'reason', model_choice_reason) END AS "modelChoice"`;

/** A row as pg returns it: timestamps as Dates. */
type Timestamped<T, K extends keyof T> = Omit<T, K> & Record<K, Date>;

/** The batch being built (with how far it got, as its last committed chunk recorded) and the latest finished ones. */
export class ListRecommendationRuns extends Query<{ inProgress: RunInProgress | null; runs: RecommendationRun[] }> {
  constructor(readonly limit: number) {
    super();
  }
}

@QueryHandler(ListRecommendationRuns)
export class ListRecommendationRunsHandler implements IQueryHandler<ListRecommendationRuns> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ limit }: ListRecommendationRuns): Promise<{ inProgress: RunInProgress | null; runs: RecommendationRun[] }> {
    // The phase's total is what the batch walks: purchased content ids, then every item (the model phase, then the popularity phase).
    const [inProgress]: Timestamped<RunInProgress, 'startedAt'>[] = await this.dataSource.query(
      `SELECT batch_id AS id, trigger, requested_by AS "requestedBy", started_at AS "startedAt",
              phase, processed, items, pairs, progress, step, ${MODEL_CHOICE},
              CASE phase WHEN 'neighbours' THEN (SELECT count(DISTINCT content_id) FROM rec_purchases)
                         ELSE (SELECT count(*) FROM rec_items) END::int AS total
         FROM rec_batch_in_progress`,
    );
    const runs: Timestamped<RecommendationRun, 'startedAt' | 'finishedAt'>[] = await this.dataSource.query(
      `SELECT b.id, b.trigger, b.requested_by AS "requestedBy", b.started_at AS "startedAt", b.finished_at AS "finishedAt", b.items, b.pairs, b.model, ${MODEL_CHOICE},
              EXISTS (SELECT 1 FROM rec_current_batch c WHERE c.batch_id = b.id) AS current
         FROM rec_batches b
        ORDER BY b.finished_at DESC, b.id DESC
        LIMIT $1`,
      [limit],
    );
    return {
      inProgress: inProgress ? { ...inProgress, startedAt: inProgress.startedAt.toISOString() } : null,
      runs: runs.map((run) => ({ ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt.toISOString() })),
    };
  }
}

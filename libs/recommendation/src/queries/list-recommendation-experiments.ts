import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ExperimentVariant } from '../domain/experiments.js';

export interface ExperimentView {
  readonly id: string;
  readonly name: string;
  readonly status: 'running' | 'stopped';
  readonly variants: ExperimentVariant[];
  readonly conversionWindowHours: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly stoppedBy: string | null;
  readonly stoppedAt: string | null;
}

export const EXPERIMENT_COLUMNS = `experiment_id AS id, name, status, variants, conversion_window_hours AS "conversionWindowHours",
  created_by AS "createdBy", created_at AS "createdAt", stopped_by AS "stoppedBy", stopped_at AS "stoppedAt"`;

export const toExperimentView = (row: Record<string, unknown>): ExperimentView =>
  ({
    ...row,
    createdAt: (row.createdAt as Date).toISOString(),
    stoppedAt: row.stoppedAt ? (row.stoppedAt as Date).toISOString() : null,
  }) as ExperimentView;

/** Every A/B experiment, the running one first, then the latest. */
export class ListRecommendationExperiments extends Query<{ items: ExperimentView[] }> {}

@QueryHandler(ListRecommendationExperiments)
export class ListRecommendationExperimentsHandler implements IQueryHandler<ListRecommendationExperiments> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(): Promise<{ items: ExperimentView[] }> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${EXPERIMENT_COLUMNS} FROM rec_experiments ORDER BY status = 'running' DESC, created_at DESC, experiment_id`,
    );
    return { items: rows.map(toExperimentView) };
  }
}

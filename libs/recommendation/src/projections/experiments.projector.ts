import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ExperimentEvent } from '../domain/recommendation-events.js';

/** rec_experiments: each experiment as created and stopped, in the transaction that decided it (the list reads it at once). */
@Injectable()
@InlineProjection()
export class ExperimentsProjector implements InlineProjector {
  readonly eventTypes = ['recommendation.experiment-created', 'recommendation.experiment-stopped'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ExperimentEvent>[]) {
      switch (event.type) {
        case 'recommendation.experiment-created': {
          const { experimentId, name, variants, conversionWindowHours, createdBy } = event.data;
          await manager.query(
            `INSERT INTO rec_experiments (experiment_id, name, variants, conversion_window_hours, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, 'running', $5, $6) ON CONFLICT (experiment_id) DO NOTHING`,
            [experimentId, name, JSON.stringify(variants), conversionWindowHours, createdBy, event.createdAt],
          );
          break;
        }
        case 'recommendation.experiment-stopped':
          await manager.query(`UPDATE rec_experiments SET status = 'stopped', stopped_by = $2, stopped_at = $3 WHERE experiment_id = $1`, [
            event.data.experimentId,
            event.data.stoppedBy,
            event.createdAt,
          ]);
          break;
      }
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#platform';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isHighRating } from '../domain/signals.js';
import { USER_KNN_NEIGHBOURS } from '../domain/ranking.js';
import { USER_NEIGHBOURS_SQL } from '../queries/user-knn-sql.js';

/**
 * Writes rec_signals from relayed events (every write safe to repeat, an older event never undoing
 * a newer one) and keeps a learner's user-kNN neighbours (rec_user_neighbours) in step with their
 * own interactions.
 */
@Injectable()
export class RecommendationSignals {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A view, a lesson completed or a course completed in full: the first one per learner and item counts; returns whether it was new. */
  async recordAct(kind: 'view' | 'completion' | 'course-completion', userId: string, contentId: string, at: string, sourcePosition: number): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO rec_signals (user_id, content_id, kind, active, at, source_position) VALUES ($1, $2, $3, true, $4, $5)
       ON CONFLICT (user_id, content_id, kind) DO NOTHING RETURNING content_id`,
      [userId, contentId, kind, at, sourcePosition],
    );
    return inserted.length === 1;
  }

  /**
   * A review's stars posted (or replaced): a high rating is a signal, a lower one withdraws it. A
   * review gone (deleted, withdrawn after a refund, removed by a moderator) withdraws it too
   * (`stars` null). The review's stream orders its events: the higher source position wins.
   * Returns whether the row changed.
   */
  async recordRating(userId: string, contentId: string, stars: number | null, at: string, sourcePosition: number): Promise<boolean> {
    const active = stars !== null && isHighRating(stars);
    const written: unknown[] = await this.dataSource.query(
      `INSERT INTO rec_signals (user_id, content_id, kind, active, at, source_position) VALUES ($1, $2, 'high-rating', $3, $4, $5)
       ON CONFLICT (user_id, content_id, kind) DO UPDATE SET active = EXCLUDED.active, at = EXCLUDED.at, source_position = EXCLUDED.source_position
        WHERE rec_signals.source_position < EXCLUDED.source_position
       RETURNING content_id`,
      [userId, contentId, active, at, sourcePosition],
    );
    return written.length === 1;
  }

  /** Recomputes the learner's user-kNN neighbours from the interactions as they are now. */
  async refreshNeighbours(userId: string): Promise<void> {
    await this.dataSource.query(USER_NEIGHBOURS_SQL, [userId, USER_KNN_NEIGHBOURS, this.config.recommendationUserKnnMaxItemLearners]);
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ProgressEvent } from '../domain/progress.js';

/** catalog_lesson_progress from the progress events, in the heartbeat's transaction: the next read resumes where it stopped. */
@Injectable()
@InlineProjection()
export class ProgressProjector implements InlineProjector {
  readonly eventTypes = ['catalog.lesson-opened', 'catalog.lesson-progressed', 'catalog.lesson-completed'] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ProgressEvent>[]) {
      switch (event.type) {
        case 'catalog.lesson-opened':
          break; // the first progressed event, in the same append, writes the row
        case 'catalog.lesson-progressed': {
          const { userId, contentId, lessonId, positionSeconds, watchedSeconds, lengthSeconds, at } = event.data;
          await manager.query(
            `INSERT INTO catalog_lesson_progress (user_id, content_id, lesson_id, position_seconds, watched_seconds, length_seconds, opened_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (user_id, content_id, lesson_id) DO UPDATE
               SET position_seconds = EXCLUDED.position_seconds, watched_seconds = EXCLUDED.watched_seconds,
                   length_seconds = EXCLUDED.length_seconds, updated_at = EXCLUDED.updated_at`,
            [userId, contentId, lessonId, positionSeconds, watchedSeconds, lengthSeconds, at],
          );
          break;
        }
        case 'catalog.lesson-completed': {
          const { userId, contentId, lessonId, completedAt } = event.data;
          await manager.query(
            `UPDATE catalog_lesson_progress SET completed_at = $4 WHERE user_id = $1 AND content_id = $2 AND lesson_id = $3`,
            [userId, contentId, lessonId, completedAt],
          );
          break;
        }
      }
    }
  }
}

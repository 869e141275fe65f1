import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/** What commerce reads of catalog's `catalog.lesson-opened` (tolerant reader). */
interface LessonOpenedData {
  userId: string;
  contentId: string;
  lessonId: string;
  lessonCount: number;
  openedAt: string;
}

/** Which lessons each learner opened, in the heartbeat's transaction: a refund asked a moment later counts them. */
@Injectable()
@InlineProjection()
export class LessonsOpenedProjector implements InlineProjector {
  readonly eventTypes = ['catalog.lesson-opened'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const { userId, contentId, lessonId, lessonCount, openedAt } = event.data as LessonOpenedData;
      await manager.query(
        `INSERT INTO commerce_lessons_opened (user_id, content_id, lesson_id, lesson_count, opened_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, content_id, lesson_id) DO NOTHING`,
        [userId, contentId, lessonId, lessonCount, openedAt],
      );
    }
  }
}

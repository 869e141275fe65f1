import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface LessonProgressView {
  lessonId: string;
  positionSeconds: number;
  watchedSeconds: number;
  lengthSeconds: number;
  completed: boolean;
}

/** Where a learner stands in one lesson (nothing yet: all zero). */
export class GetLessonProgress extends Query<LessonProgressView | null> {
  constructor(
    readonly userId: string,
    readonly contentId: string,
    readonly lessonId: string,
  ) {
    super();
  }
}

@QueryHandler(GetLessonProgress)
export class GetLessonProgressHandler implements IQueryHandler<GetLessonProgress> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ userId, contentId, lessonId }: GetLessonProgress): Promise<LessonProgressView | null> {
    const [row]: { position_seconds: number; watched_seconds: number; length_seconds: number; completed: boolean }[] = await this.dataSource.query(
      `SELECT position_seconds, watched_seconds, length_seconds, completed_at IS NOT NULL AS completed
         FROM catalog_lesson_progress WHERE user_id = $1 AND content_id = $2 AND lesson_id = $3`,
      [userId, contentId, lessonId],
    );
    return row
      ? { lessonId, positionSeconds: row.position_seconds, watchedSeconds: row.watched_seconds, lengthSeconds: row.length_seconds, completed: row.completed }
      : null;
  }
}

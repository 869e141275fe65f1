import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { GetAccessibleContentIds, GetOwnedContentIds } from '#commerce';
import type { DraftedLesson } from '../domain/catalog-events.js';
import { lessonLengthSeconds } from '../domain/progress.js';

export interface LearningItem {
  contentId: string;
  title: string;
  kind: string;
  lessonCount: number;
  completedLessons: number;
  /** Time credited over the item's total length (every lesson's, opened or not), 0 to 1. */
  progress: number;
  /** The first lesson not completed, in order, with where to resume it; null when all are done. */
  nextLesson: { lessonId: string; title: string; positionSeconds: number } | null;
  lastActivityAt: string | null;
}

/**
 * What the learner is enrolled in — items they hold, and items a membership opens that they have
 * started — with their progress and the lesson to go on with, most recently studied first.
 */
export class GetMyLearning extends Query<{ items: LearningItem[] }> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(GetMyLearning)
export class GetMyLearningHandler implements IQueryHandler<GetMyLearning> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ userId }: GetMyLearning): Promise<{ items: LearningItem[] }> {
    const owned = await this.queries.execute(new GetOwnedContentIds(userId));
    const started: { content_id: string }[] = await this.dataSource.query(`SELECT DISTINCT content_id FROM catalog_lesson_progress WHERE user_id = $1`, [userId]);
    const candidates = [...new Set([...owned, ...started.map((row) => row.content_id)])];
    const enrolled = candidates.length === 0 ? [] : await this.queries.execute(new GetAccessibleContentIds(userId, candidates));
    if (enrolled.length === 0) return { items: [] };
    const rows: {
      id: string;
      title: string;
      kind: string;
      lessons: DraftedLesson[];
      progress: { lesson_id: string; position_seconds: number; watched_seconds: number; completed: boolean; updated_at: string }[];
    }[] = await this.dataSource.query(
      `SELECT c.id, c.title, c.kind, c.lessons,
              coalesce(jsonb_agg(jsonb_build_object('lesson_id', p.lesson_id, 'position_seconds', p.position_seconds,
                       'watched_seconds', p.watched_seconds,
                       'completed', p.completed_at IS NOT NULL, 'updated_at', p.updated_at)) FILTER (WHERE p.lesson_id IS NOT NULL), '[]') AS progress
         FROM catalog_contents c
         LEFT JOIN catalog_lesson_progress p ON p.content_id = c.id AND p.user_id = $1
        WHERE c.id = ANY($2::uuid[]) AND c.status = 'published'
        GROUP BY c.id`,
      [userId, enrolled],
    );
    const items = rows.map((row): LearningItem => {
      const byLesson = new Map(row.progress.map((entry) => [entry.lesson_id, entry]));
      const watched = row.lessons.reduce((sum, lesson) => sum + (byLesson.get(lesson.lessonId)?.watched_seconds ?? 0), 0);
      const length = row.lessons.reduce((sum, lesson) => sum + lessonLengthSeconds(lesson.body), 0);
      const next = row.lessons.find((lesson) => !byLesson.get(lesson.lessonId)?.completed);
      const last = row.progress.map((entry) => Date.parse(entry.updated_at)).sort((a, b) => b - a)[0];
      return {
        contentId: row.id,
        title: row.title,
        kind: row.kind,
        lessonCount: row.lessons.length,
        completedLessons: row.lessons.filter((lesson) => byLesson.get(lesson.lessonId)?.completed).length,
        progress: length === 0 ? 0 : Math.round((watched / length) * 1000) / 1000,
        nextLesson: next ? { lessonId: next.lessonId, title: next.title, positionSeconds: byLesson.get(next.lessonId)?.position_seconds ?? 0 } : null,
        lastActivityAt: last === undefined ? null : new Date(last).toISOString(),
      };
    });
    return { items: items.sort((a, b) => (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? '')) };
  }
}

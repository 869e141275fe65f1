import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abilityToSql, type AppAbility, Clock } from '#platform';

export interface LessonAccessView {
  /** Whether the caller may read this lesson's body now. */
  readable: boolean;
  /** When a time-released lesson opens for this caller, while that is still ahead (ISO 8601); null when it is open or not time-released. */
  unlocksAt: string | null;
}

/** The `Lesson` rule fields and the columns of the per-lesson rows that hold them. */
const LESSON_COLUMNS = {
  preview: 'l.preview',
  entitled: 'l.entitled',
  creatorId: 'l.creator_id',
  // A lesson that is not time-released has been open forever.
  unlocksAt: `coalesce(l.unlocks_at, '-infinity'::timestamptz)`,
} as const;

/**
 * Which lessons of some contents the caller may read, lesson by lesson: the `readLesson` rules of
 * the caller's ability translated to SQL, over each lesson's drip release computed from the
 * caller's enrolment (a lesson N days after it, or on a date). Not enrolled yet, the days count
 * from now. The only way catalog decides whether a lesson body is shown or progress is kept.
 */
@Injectable()
export class LessonAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Keyed by content id, then lesson id. `entitledIds`: the contents commerce says the caller may read in full. */
  async of(
    ability: AppAbility,
    userId: string | null,
    contentIds: readonly string[],
    entitledIds: readonly string[],
  ): Promise<Map<string, Map<string, LessonAccessView>>> {
    const readable = abilityToSql(ability, 'readLesson', 'Lesson', LESSON_COLUMNS, 'lesson');
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT l.content_id, l.lesson_id, ${readable.sql} AS readable,
              CASE WHEN l.unlocks_at > CAST(:now AS timestamptz) THEN l.unlocks_at END AS unlocks_at
         FROM (SELECT c.id AS content_id, c.creator_id, x.lesson->>'lessonId' AS lesson_id,
                      coalesce((x.lesson->>'preview')::boolean, false) AS preview,
                      c.id = ANY(CAST(:entitledIds AS uuid[])) AS entitled,
                      CASE WHEN x.lesson->'drip'->>'on' IS NOT NULL THEN (x.lesson->'drip'->>'on')::timestamptz
                           WHEN x.lesson->'drip'->>'afterDays' IS NOT NULL
                             THEN coalesce(e.enrolled_at, CAST(:now AS timestamptz)) + make_interval(days => (x.lesson->'drip'->>'afterDays')::int)
                      END AS unlocks_at
                 FROM catalog_contents c
                 CROSS JOIN LATERAL jsonb_array_elements(c.lessons) AS x(lesson)
                 LEFT JOIN catalog_enrolments e ON e.content_id = c.id AND e.user_id = CAST(:userId AS uuid)
                WHERE c.id = ANY(CAST(:contentIds AS uuid[]))) l`,
      { ...readable.params, now: this.clock.now().toISOString(), entitledIds: [...entitledIds], contentIds: [...contentIds], userId },
    );
    const rows: { content_id: string; lesson_id: string; readable: boolean; unlocks_at: Date | null }[] = await this.dataSource.query(sql, parameters);
    const byContent = new Map<string, Map<string, LessonAccessView>>();
    for (const row of rows) {
      const lessons = byContent.get(row.content_id) ?? new Map<string, LessonAccessView>();
      lessons.set(row.lesson_id, { readable: row.readable, unlocksAt: row.unlocks_at?.toISOString() ?? null });
      byContent.set(row.content_id, lessons);
    }
    return byContent;
  }
}

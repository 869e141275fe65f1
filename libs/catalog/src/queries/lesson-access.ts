import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abilityToSql, type AppAbility, Clock } from '#platform';
import { GetMembershipCoverage, type MembershipCoverage } from '#commerce';

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
 * When the caller was enrolled in each content `c` (alias), in SQL: the earliest of their enrolment
 * row (a purchase, a staff grant, a first opened lesson) and the enrolment a running membership
 * gives: its start, or the item's first publication when that came later (an item a creator
 * publishes while the membership runs enrols its member then). A creator's or platform-wide
 * membership covers only a published item; a column's own membership covers its column whatever
 * its listing. NULL when neither. Parameters: `:userId`, `:coverScopes`, `:coverIds`, `:coverSince`.
 */
const ENROLLED_AT = `least(
    (SELECT e.enrolled_at FROM catalog_enrolments e WHERE e.content_id = c.id AND e.user_id = CAST(:userId AS uuid)),
    (SELECT min(greatest(m.since, c.published_at))
       FROM unnest(CAST(:coverScopes AS text[]), CAST(:coverIds AS uuid[]), CAST(:coverSince AS timestamptz[])) AS m(scope, scope_id, since)
      WHERE (m.scope = 'content' AND m.scope_id = c.id)
         OR (c.status = 'published' AND (m.scope = 'platform' OR (m.scope = 'creator' AND m.scope_id = c.creator_id)))))`;

/**
 * Which lessons of some contents the caller may read, lesson by lesson: the `readLesson` rules of
 * the caller's ability translated to SQL, over each lesson's drip release computed from the
 * caller's enrolment (a lesson N days after it, or on a date; see ENROLLED_AT: a running membership
 * enrols its member from its start, with nothing opened). Not enrolled yet, the days count from
 * now. The only way catalog decides whether a lesson body is shown or progress is kept: the detail,
 * progress, learning and media (through the detail) all read it.
 */
@Injectable()
export class LessonAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
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
                             THEN coalesce(en.enrolled_at, CAST(:now AS timestamptz)) + make_interval(days => (x.lesson->'drip'->>'afterDays')::int)
                      END AS unlocks_at
                 FROM catalog_contents c
                 CROSS JOIN LATERAL (SELECT ${ENROLLED_AT} AS enrolled_at) en
                 CROSS JOIN LATERAL jsonb_array_elements(c.lessons) AS x(lesson)
                WHERE c.id = ANY(CAST(:contentIds AS uuid[]))) l`,
      {
        ...readable.params,
        ...(await this.coverage(userId, entitledIds)),
        now: this.clock.now().toISOString(),
        entitledIds: [...entitledIds],
        contentIds: [...contentIds],
        userId,
      },
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

  /** When the learner was enrolled in each of these contents (ISO 8601), as drip release counts it; absent when not enrolled. */
  async enrolments(userId: string, contentIds: readonly string[]): Promise<Map<string, string>> {
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT c.id, ${ENROLLED_AT} AS enrolled_at FROM catalog_contents c WHERE c.id = ANY(CAST(:contentIds AS uuid[]))`,
      { ...(await this.coverage(userId, contentIds)), contentIds: [...contentIds], userId },
    );
    const rows: { id: string; enrolled_at: Date | null }[] = await this.dataSource.query(sql, parameters);
    return new Map(rows.filter((row) => row.enrolled_at !== null).map((row) => [row.id, row.enrolled_at!.toISOString()]));
  }

  /**
   * The caller's running memberships (commerce's GetMembershipCoverage), as SQL array parameters.
   * Asked only when the caller is entitled to one of the contents: a membership that covers an item
   * entitles to it, so otherwise none covers any of them.
   */
  private async coverage(userId: string | null, entitledIds: readonly string[]): Promise<{ coverScopes: string[]; coverIds: (string | null)[]; coverSince: string[] }> {
    const coverage: MembershipCoverage[] = userId && entitledIds.length > 0 ? await this.queries.execute(new GetMembershipCoverage(userId)) : [];
    return {
      coverScopes: coverage.map((entry) => entry.scope),
      coverIds: coverage.map((entry) => entry.scopeId),
      coverSince: coverage.map((entry) => entry.since),
    };
  }
}

import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppAbility } from '#platform';
import { GetAccessibleContentIds, GetMembershipCoverage } from '#commerce';
import { type DraftedLesson, LEARNABLE_STATUSES } from '../domain/catalog-events.js';
import { lessonLength } from '../domain/progress.js';
import { LessonAccess } from './lesson-access.js';

export interface LearningItem {
  contentId: string;
  title: string;
  kind: string;
  /**
   * When the learner was enrolled (what drip release counts from): the earliest of a purchase or grant, a first opened lesson,
   * and a running membership's start (or the item's publication, when it came later); null for none of them.
   */
  enrolledAt: string | null;
  lessonCount: number;
  completedLessons: number;
  /** Time credited over the item's total length (every lesson's, opened or not), 0 to 1. */
  progress: number;
  /** The first lesson not completed that is open now, in order, with where to resume it; null when none is. */
  nextLesson: { lessonId: string; title: string; positionSeconds: number } | null;
  /** The next time-released lesson still locked, and when it opens; null when none is. */
  nextUnlock: { lessonId: string; title: string; unlocksAt: string } | null;
  lastActivityAt: string | null;
}

/**
 * What the learner is enrolled in (bought, given, every item of a running creator or column
 * membership, or an item of a platform-wide membership they started) and may still read, with their progress, the lesson to go on with and the next one to open, most
 * recently studied (or enrolled) first. An item appears from its enrolment, before any progress.
 */
export class GetMyLearning extends Query<{ items: LearningItem[] }> {
  constructor(
    readonly userId: string,
    readonly ability: AppAbility,
  ) {
    super();
  }
}

@QueryHandler(GetMyLearning)
export class GetMyLearningHandler implements IQueryHandler<GetMyLearning> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    private readonly lessonAccess: LessonAccess,
  ) {}

  async execute({ userId, ability }: GetMyLearning): Promise<{ items: LearningItem[] }> {
    // A creator's or a column's membership enrols its member in every item it opens, from its start: computed
    // here from the running memberships (an item the creator publishes later is in at once; none is left behind
    // when it ends). A platform-wide VIP opens the whole catalogue, so only the items its member started are listed.
    const coverage = await this.queries.execute(new GetMembershipCoverage(userId));
    const creators = coverage.filter((entry) => entry.scope === 'creator');
    const columns = coverage.filter((entry) => entry.scope === 'content');
    const candidates: { content_id: string }[] = await this.dataSource.query(
      `SELECT e.content_id, c.creator_id FROM catalog_enrolments e JOIN catalog_contents c ON c.id = e.content_id WHERE e.user_id = $1
       UNION SELECT p.content_id, c.creator_id FROM catalog_lesson_progress p JOIN catalog_contents c ON c.id = p.content_id WHERE p.user_id = $1
       UNION SELECT c.id, c.creator_id FROM catalog_contents c
              WHERE (c.creator_id = ANY($2::uuid[]) AND c.status = 'published') OR c.id = ANY($3::uuid[])`,
      [userId, creators.map((entry) => entry.scopeId), columns.map((entry) => entry.scopeId)],
    );
    const ids = candidates.map((row) => row.content_id);
    // Enrolled, and still entitled: a refunded purchase or an ended membership leaves the list.
    const enrolled = ids.length === 0 ? [] : await this.queries.execute(new GetAccessibleContentIds(userId, ids));
    if (enrolled.length === 0) return { items: [] };
    const rows: {
      id: string;
      title: string;
      kind: string;
      lessons: DraftedLesson[];
      enrolled_at: Date | null;
      progress: { lesson_id: string; position_seconds: number; watched_seconds: number; completed: boolean; updated_at: string }[];
    }[] = await this.dataSource.query(
      `SELECT c.id, c.title, c.kind, c.lessons, e.enrolled_at,
              coalesce(jsonb_agg(jsonb_build_object('lesson_id', p.lesson_id, 'position_seconds', p.position_seconds,
                       'watched_seconds', p.watched_seconds,
                       'completed', p.completed_at IS NOT NULL, 'updated_at', p.updated_at)) FILTER (WHERE p.lesson_id IS NOT NULL), '[]') AS progress
         FROM catalog_contents c
         LEFT JOIN catalog_enrolments e ON e.content_id = c.id AND e.user_id = $1
         LEFT JOIN catalog_lesson_progress p ON p.content_id = c.id AND p.user_id = $1
        WHERE c.id = ANY($2::uuid[]) AND c.status = ANY($3::text[])
        GROUP BY c.id, e.enrolled_at`,
      // An item taken off the catalogue stays in its holders' learning: they keep what they paid for.
      [userId, enrolled, LEARNABLE_STATUSES],
    );
    const access = await this.lessonAccess.of(ability, userId, enrolled, enrolled);
    // The same enrolment drip release counts from: a membership's start (or the item's publication, if later) included.
    const enrolledAt = await this.lessonAccess.enrolments(userId, enrolled);
    const items = rows.map((row): LearningItem => {
      const byLesson = new Map(row.progress.map((entry) => [entry.lesson_id, entry]));
      const lessonAccess = access.get(row.id);
      const watched = row.lessons.reduce((sum, lesson) => sum + (byLesson.get(lesson.lessonId)?.watched_seconds ?? 0), 0);
      const length = row.lessons.reduce((sum, lesson) => sum + lessonLength(lesson), 0);
      const next = row.lessons.find((lesson) => !byLesson.get(lesson.lessonId)?.completed && lessonAccess?.get(lesson.lessonId)?.readable);
      const locked = row.lessons
        .map((lesson) => ({ lesson, unlocksAt: lessonAccess?.get(lesson.lessonId)?.unlocksAt ?? null }))
        .filter((entry): entry is { lesson: DraftedLesson; unlocksAt: string } => entry.unlocksAt !== null)
        .sort((a, b) => a.unlocksAt.localeCompare(b.unlocksAt))[0];
      const last = row.progress.map((entry) => Date.parse(entry.updated_at)).sort((a, b) => b - a)[0];
      return {
        contentId: row.id,
        title: row.title,
        kind: row.kind,
        enrolledAt: enrolledAt.get(row.id) ?? row.enrolled_at?.toISOString() ?? null,
        lessonCount: row.lessons.length,
        completedLessons: row.lessons.filter((lesson) => byLesson.get(lesson.lessonId)?.completed).length,
        progress: length === 0 ? 0 : Math.round((watched / length) * 1000) / 1000,
        nextLesson: next ? { lessonId: next.lessonId, title: next.title, positionSeconds: byLesson.get(next.lessonId)?.position_seconds ?? 0 } : null,
        nextUnlock: locked ? { lessonId: locked.lesson.lessonId, title: locked.lesson.title, unlocksAt: locked.unlocksAt } : null,
        lastActivityAt: last === undefined ? null : new Date(last).toISOString(),
      };
    });
    const recency = (item: LearningItem) => item.lastActivityAt ?? item.enrolledAt ?? '';
    return { items: items.sort((a, b) => recency(b).localeCompare(recency(a))) };
  }
}

import { CatalogErrors } from './catalog.errors.js';
import type { ContentKind, ContentStructure, LiveSchedule } from './catalog-events.js';

/** The most lessons one item has (a course's chapters together): what a learner's page and a revision can carry. */
export const MAX_LESSONS = 500;
/** The longest a live session may run. */
const MAX_LIVE_MS = 24 * 3_600_000;
/** The join link is shown from this long before the start until the end. */
export const JOIN_OPENS_BEFORE_MS = 15 * 60_000;

/** Kinds that are one medium: every lesson of an audio item is audio, and so on. */
const SINGLE_FORMAT_KINDS: readonly ContentKind[] = ['article', 'audio', 'video'];

/**
 * Refuses a structure its kind cannot have. A course is chapters of lessons; a column is an ordered
 * series of instalments; an article, audio or video item is lessons of that one medium; a live
 * session is a schedule, with lessons only as its replay once it has ended. `now` decides what is
 * in the future.
 */
export function checkShape(kind: ContentKind, { lessons, chapters, live }: ContentStructure, now: string): void {
  if (kind === 'course') checkChapters(lessons, chapters);
  else if (chapters !== undefined) throw CatalogErrors.chaptersOnlyForCourses();

  if (kind === 'live') checkLive(live, lessons.length, now);
  else if (live !== undefined) throw CatalogErrors.scheduleOnlyForLiveSessions();
  if (kind !== 'live' && lessons.length === 0) throw CatalogErrors.lessonsRequired(kind);
  if (lessons.length > MAX_LESSONS) throw CatalogErrors.tooManyLessons(MAX_LESSONS);

  for (const lesson of lessons) {
    const format = lesson.format ?? 'article';
    if (SINGLE_FORMAT_KINDS.includes(kind) && format !== kind) throw CatalogErrors.lessonFormatMismatch(kind);
    if (format !== 'article' && lesson.durationSeconds === undefined) throw CatalogErrors.durationRequired(lesson.title);
    if (lesson.preview && lesson.drip !== undefined) throw CatalogErrors.dripOnPreview(lesson.title);
  }
}

function checkChapters(lessons: ContentStructure['lessons'], chapters: ContentStructure['chapters']): void {
  if (!chapters || chapters.length === 0) throw CatalogErrors.courseNeedsChapters();
  for (const chapter of chapters) {
    if (!lessons.some((lesson) => lesson.chapterId === chapter.chapterId)) throw CatalogErrors.emptyChapter(chapter.title);
  }
  // Every lesson sits in one of the chapters: a lesson outside them would be a course of no chapter.
  if (lessons.some((lesson) => !chapters.some((chapter) => chapter.chapterId === lesson.chapterId))) throw CatalogErrors.courseNeedsChapters();
}

function checkLive(live: LiveSchedule | undefined, lessonCount: number, now: string): void {
  if (!live) throw CatalogErrors.scheduleRequired();
  const start = Date.parse(live.startsAt);
  const end = Date.parse(live.endsAt);
  if (!(end > start) || end - start > MAX_LIVE_MS) throw CatalogErrors.liveScheduleInvalid();
  if (lessonCount > 0 && Date.parse(now) < end) throw CatalogErrors.replayBeforeEnd();
}

/** A schedule being set (at draft, or changed by a revision) starts in the future, and one that has started stays as it is. */
export function checkReschedule(before: LiveSchedule | undefined, after: LiveSchedule | undefined, now: string): void {
  if (!after || (before && before.startsAt === after.startsAt && before.endsAt === after.endsAt)) return;
  if (before && Date.parse(before.startsAt) <= Date.parse(now)) throw CatalogErrors.liveAlreadyStarted();
  if (Date.parse(after.startsAt) <= Date.parse(now)) throw CatalogErrors.liveStartInPast();
}

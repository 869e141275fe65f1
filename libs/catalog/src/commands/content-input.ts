import { randomUUID } from 'node:crypto';
import { CatalogErrors } from '../domain/catalog.errors.js';
import type { Chapter, DraftedLesson, DripRule, LessonFormat, LiveSchedule } from '../domain/catalog-events.js';

/** A lesson as a creator writes it (an id only when a revision refers to a lesson already there). */
export interface LessonInput {
  lessonId?: string;
  title: string;
  body: string;
  preview: boolean;
  format?: LessonFormat;
  durationSeconds?: number;
  /** Days after enrolment, or a date (any ISO 8601 form): one of the two. */
  drip?: { afterDays?: number; on?: string };
}

/** What a creator sends: lessons in order, or (a course) chapters of lessons; a live session's schedule. */
export interface StructureInput {
  lessons?: LessonInput[];
  chapters?: { title: string; lessons: LessonInput[] }[];
  live?: LiveSchedule;
}

/**
 * The structure as the decider takes it: a course's chapters flattened into its lessons (each
 * naming its chapter, which gets a new id), and every instant in one form (UTC, milliseconds), so
 * the rules compare them as they are stored.
 */
export function flattenStructure(input: StructureInput): { lessons: (Omit<LessonInput, 'drip'> & { drip?: DripRule; chapterId?: string })[]; chapters?: Chapter[]; live?: LiveSchedule } {
  const chapters = input.chapters?.map((chapter) => ({ chapterId: randomUUID(), title: chapter.title, lessons: chapter.lessons }));
  const lessons = chapters
    ? chapters.flatMap(({ chapterId, lessons: inChapter }) => inChapter.map((lesson) => ({ ...normalLesson(lesson), chapterId })))
    : (input.lessons ?? []).map(normalLesson);
  return {
    lessons,
    ...(chapters ? { chapters: chapters.map(({ chapterId, title }) => ({ chapterId, title })) } : {}),
    ...(input.live ? { live: { startsAt: instant(input.live.startsAt), endsAt: instant(input.live.endsAt), joinUrl: input.live.joinUrl } } : {}),
  };
}

/** Lessons of a new content: every one gets a new id. */
export function newLessons(lessons: (Omit<LessonInput, 'drip'> & { drip?: DripRule })[]): DraftedLesson[] {
  return lessons.map(({ lessonId: _ignored, ...lesson }) => ({ lessonId: randomUUID(), ...lesson }));
}

function normalLesson({ drip, ...lesson }: LessonInput): Omit<LessonInput, 'drip'> & { drip?: DripRule } {
  if (!drip) return lesson;
  if ((drip.afterDays === undefined) === (drip.on === undefined)) throw CatalogErrors.dripAmbiguous();
  return { ...lesson, drip: drip.on === undefined ? { afterDays: drip.afterDays! } : { on: instant(drip.on) } };
}

function instant(iso: string): string {
  return new Date(iso).toISOString();
}

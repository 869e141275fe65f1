import type { Decider, DomainEvent } from '#platform/domain';
import { CatalogErrors } from './catalog.errors.js';

/**
 * A learner's progress through one item, lesson by lesson, from the heartbeats their player sends
 * (the position reached, every few seconds). The server credits time only as fast as real time
 * allows, so no client can jump to 100 % in one call.
 */
export type LessonOpened = DomainEvent<
  'catalog.lesson-opened',
  {
    userId: string;
    contentId: string;
    lessonId: string;
    /** How many lessons the item had then: what a share of lessons opened is a share of. */
    lessonCount: number;
    openedAt: string;
  }
>;
export type LessonProgressed = DomainEvent<
  'catalog.lesson-progressed',
  { userId: string; contentId: string; lessonId: string; positionSeconds: number; watchedSeconds: number; lengthSeconds: number; at: string }
>;
export type LessonCompleted = DomainEvent<'catalog.lesson-completed', { userId: string; contentId: string; lessonId: string; completedAt: string }>;
export type ProgressEvent = LessonOpened | LessonProgressed | LessonCompleted;

export interface LessonProgress {
  /** Where to resume. */
  positionSeconds: number;
  /** Time credited as watched or read: what completion counts. */
  watchedSeconds: number;
  lastHeartbeatAt: string;
  completed: boolean;
}

export interface ProgressState {
  lessons: Readonly<Record<string, LessonProgress>>;
}

export interface ProgressPolicy {
  /** The fastest a player may go (2 = double speed): credit never outruns the clock times this. */
  maxRate: number;
  /** At most this much is credited for one heartbeat, however long since the last (a tab left open, then a jump). */
  maxCreditSeconds: number;
  /** The share of a lesson's length watched (or read) that completes it. */
  completeShare: number;
}

export interface RecordProgress {
  type: 'RecordProgress';
  userId: string;
  contentId: string;
  lessonId: string;
  lessonCount: number;
  lengthSeconds: number;
  positionSeconds: number;
  now: string;
  policy: ProgressPolicy;
}

/** Reading time of a text lesson: 8 characters a second (about 480 a minute, a steady pace for Chinese), at least a minute. */
export const READING_CHARACTERS_PER_SECOND = 8;
export function lessonLengthSeconds(body: string): number {
  return Math.max(60, Math.ceil([...body].length / READING_CHARACTERS_PER_SECOND));
}

/** How long a lesson takes: a recording's duration, a text's reading time. */
export function lessonLength(lesson: { body: string; durationSeconds?: number }): number {
  return lesson.durationSeconds ?? lessonLengthSeconds(lesson.body);
}

export const progressDecider: Decider<ProgressState, RecordProgress, ProgressEvent> = {
  initialState: () => ({ lessons: {} }),
  evolve(state, event) {
    const { lessonId } = event.data;
    const lesson = state.lessons[lessonId];
    switch (event.type) {
      case 'catalog.lesson-opened':
        return { lessons: { ...state.lessons, [lessonId]: { positionSeconds: 0, watchedSeconds: 0, lastHeartbeatAt: event.data.openedAt, completed: false } } };
      case 'catalog.lesson-progressed':
        return {
          lessons: {
            ...state.lessons,
            [lessonId]: { ...lesson!, positionSeconds: event.data.positionSeconds, watchedSeconds: event.data.watchedSeconds, lastHeartbeatAt: event.data.at },
          },
        };
      case 'catalog.lesson-completed':
        return { lessons: { ...state.lessons, [lessonId]: { ...lesson!, completed: true } } };
    }
  },
  decide(command, state) {
    const { userId, contentId, lessonId, lengthSeconds, now, policy } = command;
    if (!Number.isFinite(command.positionSeconds) || command.positionSeconds < 0) throw CatalogErrors.progressInvalid();
    const position = Math.min(Math.floor(command.positionSeconds), lengthSeconds);
    const before = state.lessons[lessonId];
    const events: ProgressEvent[] = [];
    if (!before) {
      // Opening a lesson credits nothing yet: the clock starts now, wherever the player starts.
      events.push({ type: 'catalog.lesson-opened', data: { userId, contentId, lessonId, lessonCount: command.lessonCount, openedAt: now } });
      events.push({ type: 'catalog.lesson-progressed', data: { userId, contentId, lessonId, positionSeconds: position, watchedSeconds: 0, lengthSeconds, at: now } });
      return events;
    }
    const elapsedSeconds = Math.max(0, (Date.parse(now) - Date.parse(before.lastHeartbeatAt)) / 1000);
    const credit = Math.max(0, Math.min(position - before.positionSeconds, elapsedSeconds * policy.maxRate, policy.maxCreditSeconds));
    const watchedSeconds = Math.min(lengthSeconds, before.watchedSeconds + Math.floor(credit));
    // A heartbeat that moves nothing (paused, or a repeat) records nothing.
    if (position === before.positionSeconds && watchedSeconds === before.watchedSeconds) return [];
    events.push({ type: 'catalog.lesson-progressed', data: { userId, contentId, lessonId, positionSeconds: position, watchedSeconds, lengthSeconds, at: now } });
    if (!before.completed && watchedSeconds >= policy.completeShare * lengthSeconds) {
      events.push({ type: 'catalog.lesson-completed', data: { userId, contentId, lessonId, completedAt: now } });
    }
    return events;
  },
};

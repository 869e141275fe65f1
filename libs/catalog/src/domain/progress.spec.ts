import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { lessonLength, lessonLengthSeconds, type ProgressEvent, type ProgressPolicy, progressDecider, type RecordProgress } from './progress.js';

const { given } = deciderSpec(progressDecider);
const policy: ProgressPolicy = { maxRate: 2, maxCreditSeconds: 60, completeShare: 0.9 };
const T0 = '2026-11-28T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const ids = { userId: 'u1', contentId: 'c1', lessonId: 'l1' };
const beat = (positionSeconds: number, now: string, lengthSeconds = 100): RecordProgress => ({
  type: 'RecordProgress',
  ...ids,
  lessonCount: 4,
  lengthSeconds,
  positionSeconds,
  now,
  policy,
});
const opened: ProgressEvent = { type: 'catalog.lesson-opened', data: { ...ids, lessonCount: 4, openedAt: T0 } };
const progressed = (positionSeconds: number, watchedSeconds: number, now: string): ProgressEvent => ({
  type: 'catalog.lesson-progressed',
  data: { ...ids, positionSeconds, watchedSeconds, lengthSeconds: 100, at: now },
});
const started = [opened, progressed(0, 0, T0)];

describe('progress decider', () => {
  it('opens a lesson at the first heartbeat, crediting nothing yet wherever it starts', () => {
    given([]).when(beat(0, T0)).then(started);
    given([]).when(beat(40, T0)).then([opened, progressed(40, 0, T0)]);
  });
  it('credits what was played, as fast as real time allows', () => {
    given(started).when(beat(10, at(10))).then([progressed(10, 10, at(10))]);
    given(started).when(beat(20, at(10))).then([progressed(20, 20, at(10))]); // double speed
  });
  it('credits no more than the clock allows: a jump to the end moves the position, not the time watched', () => {
    given(started).when(beat(100, at(5))).then([progressed(100, 10, at(5))]);
  });
  it('credits at most maxCreditSeconds for one heartbeat, however long since the last', () =>
    given(started).when(beat(100, at(3600))).then([progressed(100, 60, at(3600))]));
  it('credits nothing for going back, and keeps where to resume', () =>
    given([...started, progressed(50, 30, at(30))]).when(beat(20, at(40))).then([progressed(20, 30, at(40))]));
  it('completes a lesson once completeShare of it was watched, once', () => {
    const nearly = [...started, progressed(80, 80, at(80))];
    given(nearly)
      .when(beat(90, at(90)))
      .then([progressed(90, 90, at(90)), { type: 'catalog.lesson-completed', data: { ...ids, completedAt: at(90) } }]);
    given([...nearly, progressed(90, 90, at(90)), { type: 'catalog.lesson-completed', data: { ...ids, completedAt: at(90) } }])
      .when(beat(100, at(100)))
      .then([progressed(100, 100, at(100))]);
  });
  it('never credits more than the lesson is long, and clamps the position to its end', () =>
    given([...started, progressed(95, 95, at(95)), { type: 'catalog.lesson-completed', data: { ...ids, completedAt: at(95) } }])
      .when(beat(500, at(200)))
      .then([progressed(100, 100, at(200))]));
  it('records nothing for a heartbeat that moves nothing (paused, or a repeat)', () => given(started).when(beat(0, at(10))).then([]));
  it('refuses a position that is not a number of seconds from 0', () => {
    given(started).when(beat(-1, at(1))).thenRefuses('CATALOG.PROGRESS_INVALID', 'invalid');
    given(started).when(beat(Number.NaN, at(1))).thenRefuses('CATALOG.PROGRESS_INVALID');
  });
  it('measures a text lesson at 8 characters a second, at least a minute', () => {
    expect(lessonLengthSeconds('短')).toBe(60);
    expect(lessonLengthSeconds('数'.repeat(4000))).toBe(500);
    // A recording lasts its duration, whatever its notes say; a text, its reading time.
    expect(lessonLength({ body: '数'.repeat(4000), durationSeconds: 42 })).toBe(42);
    expect(lessonLength({ body: '数'.repeat(4000) })).toBe(500);
    expect(lessonLengthSeconds('😀'.repeat(800))).toBe(100); // characters, not UTF-16 units
  });
});

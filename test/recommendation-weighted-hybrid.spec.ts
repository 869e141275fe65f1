import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '#platform';
import { RecommendationProcessor } from '#recommendation';
import { SIGNALLED_ITEMS_SUMMED } from '../libs/recommendation/src/domain/ranking.js';
import { SIGNAL_WEIGHTS } from '../libs/recommendation/src/domain/signals.js';
import { approveItem, completeCourse, completeLesson, openLesson, payFor, type RecoItem } from './support/reco-events.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

interface Pick {
  contentId: string;
  score: number;
  reasons: { kind: string; with?: string; withContentId?: string; learners?: number; acts?: string[] }[];
}

const MODEL_REASONS = new Set(['co-purchase', 'similar', 'engaged-with']);

/**
 * The hybrid's list sums the neighbourhoods of everything the learner owns or gave a signal for,
 * each weighted by their interaction with it (domain/signals.ts), and a course completed in full
 * weighs more than one lesson completed. Served over HTTP (no experiment runs: the hybrid).
 */
describe('recommendation: the hybrid weighted by the learner\'s signals', () => {
  let app: TestApp;
  let store: EventStore;
  const creator = randomUUID();
  const item = (name: string): RecoItem => ({ contentId: randomUUID(), creatorId: creator, title: `${name} course` });
  const [owned, viewed, afterViewed, course, other, afterCourse, afterOther] = ['Owned', 'Viewed', 'Zeta', 'Course', 'Other', 'Xray', 'Yankee'].map(item) as [
    RecoItem, RecoItem, RecoItem, RecoItem, RecoItem, RecoItem, RecoItem,
  ];

  const serve = async (user: TestUser): Promise<Pick[]> => {
    const response = await app.request('GET', '/api/v1/me/recommendations?limit=20', { token: user.token });
    expect(response.status).toBe(200);
    expect(response.body.experiment).toBeNull();
    return (response.body.items as Pick[]).filter((pick) => pick.reasons.some((reason) => MODEL_REASONS.has(reason.kind)));
  };
  /** An item's score in another's neighbourhood, as the current batch stored it (0 when it is not there). */
  const neighbourScore = async (of: RecoItem, pick: RecoItem): Promise<number> =>
    (
      await app.sql(
        `SELECT n.score FROM rec_current_batch b JOIN rec_model_neighbours n ON n.batch_id = b.batch_id WHERE n.content_id = $1 AND n.neighbour_id = $2`,
        [of.contentId, pick.contentId],
      )
    )[0]?.score ?? 0;
  const scoreOf = (picks: Pick[], pick: RecoItem) => picks.find((served) => served.contentId === pick.contentId)?.score;
  const reasonsOf = (picks: Pick[], pick: RecoItem) => picks.find((served) => served.contentId === pick.contentId)?.reasons;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    store = app.api.get(EventStore);
    for (const published of [owned, viewed, afterViewed, course, other, afterCourse, afterOther]) await approveItem(store, published);
    // Bought together by three learners each: owned+viewed, viewed+Zeta, course+Xray, other+Yankee.
    const pairs: [RecoItem, RecoItem][] = [[owned, viewed], [viewed, afterViewed], [course, afterCourse], [other, afterOther]];
    for (const pair of pairs) for (let n = 0; n < 3; n++) await payFor(store, randomUUID(), pair);
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases`))[0].n === 24 ? true : undefined), 20_000, 'purchases relayed');
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_items`))[0].n === 7 ? true : undefined), 20_000, 'items relayed');
    const requested = await app.request('POST', '/api/v1/admin/recommendations/rebuild', { token: await app.adminToken() });
    expect(requested.status).toBe(202);
    const batchId = `event-${(requested.body as { eventPosition: number }).eventPosition}`;
    await eventually(async () => (await app.sql(`SELECT 1 FROM rec_current_batch WHERE batch_id = $1`, [batchId]))[0], 60_000, 'the batch switched in');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('sums the neighbourhoods of what the learner owns and of what they only viewed, weighted; recommends the viewed item, never the owned one; reasons name what they did', async () => {
    const learner = await app.user('weighted-owner');
    await payFor(store, learner.id, [owned]);
    await openLesson(store, learner.id, viewed);
    const [ownedToViewed, ownedToZeta, viewedToZeta] = await Promise.all([
      neighbourScore(owned, viewed),
      neighbourScore(owned, afterViewed),
      neighbourScore(viewed, afterViewed),
    ]);
    expect(ownedToViewed).toBeGreaterThan(0);
    expect(viewedToZeta).toBeGreaterThan(0);
    const expectedZeta = SIGNAL_WEIGHTS.purchase * ownedToZeta + SIGNAL_WEIGHTS.view * viewedToZeta;
    // Served once the purchase and the view are relayed (bounded wait, as the purchase test).
    const picks = await eventually(async () => {
      const served = await serve(learner);
      const zeta = scoreOf(served, afterViewed);
      return zeta !== undefined && Math.abs(zeta - expectedZeta) < 1e-9 ? served : undefined;
    }, 15_000, 'the view weighed into the hybrid list');
    // The viewed item is not owned: it is offered, bought together with the owned one by three learners.
    expect(scoreOf(picks, viewed)).toBeCloseTo(SIGNAL_WEIGHTS.purchase * ownedToViewed, 9);
    expect(reasonsOf(picks, viewed)).toContainEqual({ kind: 'co-purchase', with: owned.title, withContentId: owned.contentId, learners: 3 });
    // Zeta is there because of the view: a truthful reason names the viewed item and the act.
    expect(reasonsOf(picks, afterViewed)).toContainEqual({ kind: 'engaged-with', with: viewed.title, withContentId: viewed.contentId, acts: ['view'] });
    // A co-purchase reason names an owned item only.
    const coPurchaseBases = picks.flatMap((pick) => pick.reasons.filter((reason) => reason.kind === 'co-purchase').map((reason) => reason.withContentId));
    expect(new Set(coPurchaseBases)).toEqual(new Set([owned.contentId]));
    expect(picks.map((pick) => pick.contentId)).not.toContain(owned.contentId);
  });

  it('weighs a course completed in full above one lesson completed: the list changes order once the whole course is done', async () => {
    const learner = await app.user('weighted-completer');
    // Owns nothing (learns through a membership): one lesson of each course completed, and Other also viewed.
    await completeLesson(store, learner.id, course);
    await completeLesson(store, learner.id, other);
    await openLesson(store, learner.id, other);
    const [xray, yankee] = await Promise.all([neighbourScore(course, afterCourse), neighbourScore(other, afterOther)]);
    const oneLesson = SIGNAL_WEIGHTS.completion;
    const otherWeight = SIGNAL_WEIGHTS.completion + SIGNAL_WEIGHTS.view;
    const wholeCourse = SIGNAL_WEIGHTS.completion + SIGNAL_WEIGHTS['course-completion'];
    // What the scenario needs of the batch: Yankee ahead with one lesson of the course, Xray ahead with all of it.
    expect(otherWeight * yankee).toBeGreaterThan(oneLesson * xray);
    expect(wholeCourse * xray).toBeGreaterThan(otherWeight * yankee);

    const order = (picks: Pick[]) => picks.map((pick) => pick.contentId).filter((id) => id === afterCourse.contentId || id === afterOther.contentId);
    const before = await eventually(async () => {
      const served = await serve(learner);
      return Math.abs((scoreOf(served, afterOther) ?? 0) - otherWeight * yankee) < 1e-9 && Math.abs((scoreOf(served, afterCourse) ?? 0) - oneLesson * xray) < 1e-9
        ? served
        : undefined;
    }, 15_000, 'one lesson of each relayed');
    expect(order(before)).toEqual([afterOther.contentId, afterCourse.contentId]);
    expect(reasonsOf(before, afterCourse)).toEqual([{ kind: 'engaged-with', with: course.title, withContentId: course.contentId, acts: ['completion'] }]);

    await completeCourse(store, learner.id, course);
    const after = await eventually(async () => {
      const served = await serve(learner);
      return Math.abs((scoreOf(served, afterCourse) ?? 0) - wholeCourse * xray) < 1e-9 ? served : undefined;
    }, 15_000, 'the whole course relayed');
    expect(order(after)).toEqual([afterCourse.contentId, afterOther.contentId]);
    expect(reasonsOf(after, afterCourse)).toEqual([
      { kind: 'engaged-with', with: course.title, withContentId: course.contentId, acts: ['completion', 'course-completion'] },
    ]);
    expect(await app.sql(`SELECT kind FROM rec_signals WHERE user_id = $1 AND content_id = $2 ORDER BY kind`, [learner.id, course.contentId])).toEqual([
      { kind: 'completion' },
      { kind: 'course-completion' },
    ]);
  });

  it('sums the neighbourhoods of the heaviest, then latest, SIGNALLED_ITEMS_SUMMED items the learner does not own, however many previews they opened', async () => {
    const processor = app.worker!.get(RecommendationProcessor);
    const learner = await app.user('weighted-browser');
    const opened = (contentId: string, at: number) =>
      ({
        type: 'catalog.lesson-opened',
        data: { userId: learner.id, contentId, lessonId: randomUUID(), lessonCount: 3, openedAt: new Date(at).toISOString() },
        globalPosition: 3_000_000_000 + at,
        createdAt: new Date().toISOString(),
        streamId: `progress-${learner.id}-${contentId}`,
        version: 1,
        schemaVersion: 1,
        metadata: {},
      }) as never;
    const start = Date.now() - 3_600_000;
    // A lesson of the course completed (the heaviest), Other viewed first, then previews of other items: one item more than the cap.
    await completeLesson(store, learner.id, course);
    await processor.lessonOpened(opened(other.contentId, start));
    const previews = Array.from({ length: SIGNALLED_ITEMS_SUMMED - 1 }, () => randomUUID());
    for (const [n, preview] of previews.entries()) await processor.lessonOpened(opened(preview, start + (n + 1) * 1000));
    const picks = await eventually(async () => {
      const served = await serve(learner);
      return scoreOf(served, afterCourse) !== undefined ? served : undefined;
    }, 15_000, 'the completion relayed');
    // The course's neighbour is there; Other, the oldest view, is left out: its neighbour Yankee is not brought.
    expect(scoreOf(picks, afterCourse)).toBeCloseTo(SIGNAL_WEIGHTS.completion * (await neighbourScore(course, afterCourse)), 9);
    expect(scoreOf(picks, afterOther)).toBeUndefined();
    // One preview fewer and Other counts again.
    expect(await app.sql(`DELETE FROM rec_signals WHERE user_id = $1 AND content_id = $2 RETURNING kind`, [learner.id, previews.at(-1)])).toEqual([{ kind: 'view' }]);
    const again = await serve(learner);
    expect(again.map((pick) => pick.contentId)).toContain(afterOther.contentId);
    expect(scoreOf(again, afterOther)).toBeCloseTo(SIGNAL_WEIGHTS.view * (await neighbourScore(other, afterOther)), 9);
  });

  it('records a course completion once, whatever the replays: 30 at once', async () => {
    const processor = app.worker!.get(RecommendationProcessor);
    const learner = randomUUID();
    const certificate = {
      type: 'catalog.certificate-issued',
      data: { learnerId: learner, statement: { courseId: course.contentId, completedAt: new Date().toISOString() } },
      globalPosition: 2_000_000_001,
      createdAt: new Date().toISOString(),
      streamId: `certificate-${randomUUID()}`,
      version: 1,
      schemaVersion: 1,
      metadata: {},
    } as never;
    const results = await Promise.all(Array.from({ length: 30 }, () => processor.courseCompleted(certificate)));
    expect(results.filter((result) => result.inserted === 1)).toHaveLength(1);
    expect(await app.sql(`SELECT kind, active FROM rec_signals WHERE user_id = $1`, [learner])).toEqual([{ kind: 'course-completion', active: true }]);
  });
});

import { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CleansingBatches } from '#analytics';
import { EventStore } from '#platform';
import { assignVariant, type ExperimentVariant, ServeMyRecommendations, twoSidedNormalP } from '#recommendation';
import { approveItem, payFor, type RecoItem } from './support/reco-events.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

const EXPERIMENTS = '/api/v1/admin/recommendations/experiments';

/** The 95 % Wilson score interval, written out again from the textbook formula (not imported). */
function wilson(successes: number, trials: number): { low: number; high: number } {
  const z = 1.959963984540054;
  const p = successes / trials;
  const centre = (p + (z * z) / (2 * trials)) / (1 + (z * z) / trials);
  const half = ((z / (1 + (z * z) / trials)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials)));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
/** The interval as served: the textbook one, to 12 decimals (the order of the float operations differs). */
const wilsonServed = (successes: number, trials: number) => {
  const { low, high } = wilson(successes, trials);
  return { low: expect.closeTo(low, 12), high: expect.closeTo(high, 12) };
};

/** The pooled two-proportion z statistic of b against a, from the counts. */
function pooledZ(a: { x: number; n: number }, b: { x: number; n: number }): number {
  const pooled = (a.x + b.x) / (a.n + b.n);
  return (b.x / b.n - a.x / a.n) / Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
}

/**
 * The mixture SPRT's p-value and 95 % confidence sequence of b against a (Johari et al., τ = 0.05),
 * written out again from the formulas: V = p̂ₐ(1−p̂ₐ)/nₐ + p̂ᵦ(1−p̂ᵦ)/nᵦ, ln Λ = ½ln(V/(V+τ²)) + τ²d²/(2V(V+τ²)).
 */
function mixtureSprt(a: { x: number; n: number }, b: { x: number; n: number }): { pValue: number; low: number; high: number } {
  const tau2 = 0.05 * 0.05;
  const d = b.x / b.n - a.x / a.n;
  const v = ((a.x / a.n) * (1 - a.x / a.n)) / a.n + ((b.x / b.n) * (1 - b.x / b.n)) / b.n;
  const lambda = Math.sqrt(v / (v + tau2)) * Math.exp((tau2 * d * d) / (2 * v * (v + tau2)));
  const half = Math.sqrt(((v * (v + tau2)) / tau2) * (-2 * Math.log(0.05) + Math.log((v + tau2) / v)));
  return { pValue: Math.min(1, 1 / lambda), low: d - half, high: d + half };
}

/**
 * A/B experiments between the hybrid and user-based kNN, through HTTP: admins only, one running at
 * a time, each learner always in the same variant, and per-variant clicks and conversions that
 * equal a recount in SQL of the clean click facts and the relayed paid orders.
 */
describe('recommendation: A/B experiments between two served models', () => {
  let app: TestApp;
  let store: EventStore;
  let admin: string;
  let creator: TestUser;
  const other = randomUUID();
  const item = (n: number, creatorId: string): RecoItem => ({ contentId: randomUUID(), creatorId, title: `Item ${n}` });
  let items: RecoItem[] = [];
  let otherItems: RecoItem[] = [];
  const unpublished: RecoItem = { contentId: randomUUID(), creatorId: other, title: 'Never approved' };
  /** Real learners, signed in, each owning items[0], found until each variant has two. */
  const learners: { user: TestUser; variant: string }[] = [];
  let experimentId: string;
  /** The 1,000 learners of the 70/30 experiment: the variant each was served, and the first item shown to each. */
  let populationServed = new Map<string, string>();
  let firstShown = new Map<string, string>();

  const halves: ExperimentVariant[] = [
    { model: 'hybrid', share: 50 },
    { model: 'user-knn', share: 50 },
  ];
  const serve = (user: TestUser) => app.request('GET', '/api/v1/me/recommendations?limit=20', { token: user.token });

  async function cleansed(check: () => Promise<boolean>, what: string): Promise<void> {
    await eventually(async () => {
      await app.worker!.get(CleansingBatches).runNext();
      return check();
    }, 30_000, what);
  }

  beforeAll(async () => {
    app = await TestApp.start({
      worker: true,
      env: { RECOMMENDATION_MAX_PER_CREATOR: '3', ANALYTICS_CLEANSING_EVERY_MS: '300', ANALYTICS_EVENTS_PER_MINUTE_PER_USER: '1000' },
    });
    store = app.api.get(EventStore);
    admin = await app.adminToken();
    creator = await app.user('reco-creator', ['creator']);
    items = Array.from({ length: 8 }, (_, n) => item(n, creator.id));
    otherItems = Array.from({ length: 4 }, (_, n) => item(100 + n, other));
    for (const published of [...items, ...otherItems]) await approveItem(store, published);
    // Learners who bought items[0] with others: the neighbours user-kNN predicts from.
    const baskets = [
      [0, 1, 2],
      [0, 1, 3],
      [0, 2, 4],
      [0, 5],
    ];
    for (const basket of baskets) await payFor(store, randomUUID(), [...basket.map((n) => items[n]!), otherItems[basket.length]!, unpublished]);
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_items`))[0].n === 12 ? true : undefined), 20_000, 'items relayed');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('lets only admins reach the experiment routes (a learner gets 403, anonymous 401)', async () => {
    const learner = await app.user('reco-learner');
    const id = randomUUID();
    const routes: [string, string, unknown?][] = [
      ['POST', EXPERIMENTS, { name: 'x', variants: [{ model: 'hybrid' }, { model: 'user-knn' }] }],
      ['GET', EXPERIMENTS],
      ['GET', `${EXPERIMENTS}/${id}`],
      ['POST', `${EXPERIMENTS}/${id}/stop`],
    ];
    for (const [method, url, body] of routes) {
      const refused = await app.request(method, url, { token: learner.token, body });
      expect(refused.status, `${method} ${url}`).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect((await app.request(method, url, { body })).status, `${method} ${url} anonymous`).toBe(401);
    }
    // A creator is no staff either.
    expect((await app.request('GET', EXPERIMENTS, { token: creator.token })).status).toBe(403);
    expect(await app.sql(`SELECT * FROM rec_experiments`)).toEqual([]);
  });

  it('refuses bad experiments with a problem and changes nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ name: 'same', variants: [{ model: 'hybrid' }, { model: 'hybrid' }] }, 422, 'RECOMMENDATION.EXPERIMENT_INVALID'],
      [{ name: 'sum', variants: [{ model: 'hybrid', share: 60 }, { model: 'user-knn', share: 60 }] }, 422, 'RECOMMENDATION.EXPERIMENT_INVALID'],
      [{ name: 'three', variants: [{ model: 'hybrid' }, { model: 'user-knn' }, { model: 'hybrid' }] }, 400, 'HTTP.VALIDATION_FAILED'],
      [{ name: 'model', variants: [{ model: 'ease' }, { model: 'user-knn' }] }, 400, 'HTTP.VALIDATION_FAILED'],
      [{ name: 'window', variants: [{ model: 'hybrid' }, { model: 'user-knn' }], conversionWindowHours: 0 }, 400, 'HTTP.VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const refused = await app.request('POST', EXPERIMENTS, { token: admin, body });
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.code).toBe(code);
    }
    expect(await app.sql(`SELECT * FROM rec_experiments`)).toEqual([]);
    expect(await app.sql(`SELECT * FROM events WHERE stream_id = 'recommendation-experiments'`)).toEqual([]);
    expect((await app.request('GET', `${EXPERIMENTS}/${randomUUID()}`, { token: admin })).status).toBe(404);
  });

  it('serves the hybrid with no experiment and no serve token', async () => {
    const learner = await app.user('reco-before');
    const served = await serve(learner);
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ experiment: null, servedId: null });
    expect(served.body.items.length).toBeGreaterThan(0);
  });

  it('runs one experiment at a time: a second is refused with 409 while the first runs', async () => {
    const created = await app.request('POST', EXPERIMENTS, { token: admin, body: { name: 'user-kNN against the hybrid', variants: [{ model: 'hybrid' }, { model: 'user-knn' }] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'user-kNN against the hybrid',
      status: 'running',
      variants: [
        { model: 'hybrid', share: 50 },
        { model: 'user-knn', share: 50 },
      ],
      conversionWindowHours: 168,
      stoppedAt: null,
      results: [
        { variant: 'hybrid', exposures: 0, clicks: 0, conversions: 0, clickRate: null, clickRateInterval: null, conversionRate: null, conversionRateInterval: null },
        { variant: 'user-knn', exposures: 0, clicks: 0, conversions: 0, clickRate: null, clickRateInterval: null, conversionRate: null, conversionRateInterval: null },
      ],
      // Nobody exposed: no test.
      comparison: { between: ['hybrid', 'user-knn'], clickRate: null, conversionRate: null },
    });
    experimentId = created.body.id;
    const second = await app.request('POST', EXPERIMENTS, { token: admin, body: { name: 'another', variants: [{ model: 'user-knn', share: 10 }, { model: 'hybrid' }] } });
    expect(second.status).toBe(409);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect(second.body).toMatchObject({ code: 'RECOMMENDATION.EXPERIMENT_RUNNING', detail: `Experiment ${experimentId} is running; stop it first.` });
    const listed = await app.request('GET', EXPERIMENTS, { token: admin });
    expect(listed.body.items.map((experiment: { id: string }) => experiment.id)).toEqual([experimentId]);
    const [event] = await app.sql(`SELECT type, data FROM events WHERE stream_id = 'recommendation-experiments'`);
    expect(event).toMatchObject({ type: 'recommendation.experiment-created', data: { experimentId } });
  });

  it('assigns a learner the same variant on every read (20 reads), and serves that variant\'s list', async () => {
    // Learners until each variant has two; each owns items[0] (bought before the experiment's reads).
    for (let n = 0; learners.filter((l) => l.variant === 'hybrid').length < 2 || learners.filter((l) => l.variant === 'user-knn').length < 2; n++) {
      expect(n).toBeLessThan(30);
      const user = await app.user(`reco-ab-${n}`);
      const variant = assignVariant(experimentId, user.id, halves).model;
      if (learners.filter((l) => l.variant === variant).length >= 2) continue;
      await payFor(store, user.id, [items[0]!]);
      learners.push({ user, variant });
    }
    await eventually(
      async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases WHERE user_id = ANY($1::uuid[])`, [learners.map((l) => l.user.id)]))[0].n === 4 ? true : undefined),
      20_000,
      'learners\' purchases relayed',
    );
    for (const { user, variant } of learners) {
      const seen = new Set<string>();
      for (let read = 0; read < 20; read++) {
        const served = await serve(user);
        expect(served.status).toBe(200);
        expect(served.body.experiment).toEqual({ id: experimentId, variant });
        seen.add(`${served.body.experiment.variant}/${served.body.servedId}`);
      }
      expect(seen.size).toBe(1);
      const [exposure] = await app.sql(`SELECT variant, served_id FROM rec_experiment_exposures WHERE experiment_id = $1 AND user_id = $2`, [experimentId, user.id]);
      expect(exposure).toEqual({ variant, served_id: [...seen][0]!.split('/')[1] });
    }
    // The user-kNN variant's picks carry its reason; the hybrid's never do.
    const knn = await serve(learners.find((l) => l.variant === 'user-knn')!.user);
    expect(knn.body.items.some((pick: { reasons: { kind: string }[] }) => pick.reasons.some((reason) => reason.kind === 'similar-learners'))).toBe(true);
    const hybrid = await serve(learners.find((l) => l.variant === 'hybrid')!.user);
    expect(hybrid.body.items.every((pick: { reasons: { kind: string }[] }) => pick.reasons.every((reason) => reason.kind !== 'similar-learners'))).toBe(true);
  });

  it('never recommends owned, own or unpublished items in the user-kNN variant', async () => {
    for (const { user } of learners.filter((l) => l.variant === 'user-knn')) {
      const { body } = await serve(user);
      const ids: string[] = body.items.map((pick: { contentId: string }) => pick.contentId);
      expect(ids).not.toContain(items[0]!.contentId);
      expect(ids).not.toContain(unpublished.contentId);
      const rows = await app.sql(`SELECT creator_id FROM rec_items WHERE content_id = ANY($1::uuid[])`, [ids]);
      expect(rows).toHaveLength(ids.length);
      const perCreator = new Map<string, number>();
      for (const row of rows) perCreator.set(row.creator_id, (perCreator.get(row.creator_id) ?? 0) + 1);
      expect(Math.max(...perCreator.values())).toBeLessThanOrEqual(3);
    }
    // The creator, assigned whichever variant, is never offered their own items.
    const own = await serve(creator);
    expect(own.body.items.map((pick: { contentId: string }) => pick.contentId).filter((id: string) => items.some((mine) => mine.contentId === id))).toEqual([]);
  });

  it('counts per variant exposures, clicks carrying the serve token and conversions, as a SQL recount does', async () => {
    const expected = new Map<string, { clicks: number; clickers: Set<string>; conversions: number; converters: Set<string> }>([
      ['hybrid', { clicks: 0, clickers: new Set(), conversions: 0, converters: new Set() }],
      ['user-knn', { clicks: 0, clickers: new Set(), conversions: 0, converters: new Set() }],
    ]);
    const sent: string[] = [];
    for (const [k, { user, variant }] of learners.entries()) {
      const { body } = await serve(user);
      const shown: string[] = body.items.map((pick: { contentId: string }) => pick.contentId);
      expect(shown.length).toBeGreaterThanOrEqual(4);
      const at = new Date().toISOString();
      const click = (id: string, itemId: string, servedId?: string) => ({ clientEventId: `${k}-${id}`, type: 'click', occurredAt: at, itemId, props: servedId ? { servedId } : {} });
      const events = [
        // Two shown items clicked with the token: counted.
        click('a', shown[0]!, body.servedId),
        click('b', shown[1]!, body.servedId),
        // A shown item clicked without the token, and a not-shown item with it: not counted.
        click('c', shown[2]!),
        click('d', items[0]!.contentId, body.servedId),
        // Another learner's token: not this learner's serve, not counted.
        // (Another item than c's: the same learner, item and moment would be a near-duplicate, dropped by cleansing.)
        ...(k === 0 ? [] : [click('e', shown[3]!, randomUUID())]),
      ];
      const recorded = await app.request('POST', '/api/v1/events', { token: user.token, body: { events } });
      expect(recorded.status).toBe(202);
      expect(recorded.body.rejected).toEqual([]);
      sent.push(...events.map((event) => `${user.id}:${event.clientEventId}`));
      const tally = expected.get(variant)!;
      tally.clicks += 2;
      tally.clickers.add(user.id);
      // The first learner of each variant buys a shown item (a conversion) and an item never shown to them (none).
      if (learners.findIndex((l) => l.variant === variant) === k) {
        const bought = items.find((candidate) => candidate.contentId === shown[0]) ?? otherItems.find((candidate) => candidate.contentId === shown[0])!;
        const notShown = [...items, ...otherItems].find((candidate) => candidate.contentId !== items[0]!.contentId && !shown.includes(candidate.contentId))!;
        await payFor(store, user.id, [bought, notShown]);
        tally.conversions += 1;
        tally.converters.add(user.id);
      }
    }
    await cleansed(
      async () => (await app.sql(`SELECT count(*)::int AS n FROM analytics_facts WHERE source_event_id = ANY($1::text[])`, [sent]))[0].n === sent.length,
      'the clicks cleansed',
    );
    await eventually(
      async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases WHERE user_id = ANY($1::uuid[])`, [learners.map((l) => l.user.id)]))[0].n === 8 ? true : undefined),
      20_000,
      'the conversions relayed',
    );

    const read = await app.request('GET', `${EXPERIMENTS}/${experimentId}`, { token: admin });
    expect(read.status).toBe(200);
    const recount = await app.sql(
      `SELECT e.variant,
              count(DISTINCT e.user_id)::int AS exposures,
              (SELECT count(*)::int FROM analytics_facts f
                 JOIN rec_experiment_exposures x ON x.experiment_id = $1 AND x.served_id::text = f.served_id AND x.user_id = f.user_id
                 JOIN rec_experiment_offers o ON o.experiment_id = x.experiment_id AND o.user_id = x.user_id AND o.content_id = f.item_id
                WHERE f.event_type = 'click' AND x.variant = e.variant) AS clicks,
              (SELECT count(*)::int FROM rec_purchases p
                 JOIN rec_experiment_offers o ON o.user_id = p.user_id AND o.content_id = p.content_id AND o.experiment_id = $1
                 JOIN rec_experiment_exposures x ON x.experiment_id = o.experiment_id AND x.user_id = o.user_id
                WHERE x.variant = e.variant AND p.purchased_at >= o.first_offered_at AND p.purchased_at < o.first_offered_at + interval '168 hours') AS conversions
         FROM rec_experiment_exposures e WHERE e.experiment_id = $1 GROUP BY e.variant ORDER BY e.variant`,
      [experimentId],
    );
    // The learners, and the creator whose list was read in the test before.
    const exposed = (variant: string) => learners.filter((l) => l.variant === variant).length + (assignVariant(experimentId, creator.id, halves).model === variant ? 1 : 0);
    for (const row of recount) {
      const result = read.body.results.find((candidate: { variant: string }) => candidate.variant === row.variant);
      const tally = expected.get(row.variant)!;
      expect(result).toMatchObject({ exposures: row.exposures, clicks: row.clicks, conversions: row.conversions });
      // And what the scenario put in: two counted clicks per learner, one conversion per variant.
      expect(result).toEqual({
        variant: row.variant,
        share: 50,
        exposures: exposed(row.variant),
        clicks: tally.clicks,
        clickingLearners: tally.clickers.size,
        clickRate: tally.clickers.size / exposed(row.variant),
        clickRateInterval: wilsonServed(tally.clickers.size, exposed(row.variant)),
        conversions: tally.conversions,
        convertingLearners: tally.converters.size,
        conversionRate: tally.converters.size / exposed(row.variant),
        conversionRateInterval: wilsonServed(tally.converters.size, exposed(row.variant)),
      });
      // The interval holds the rate and stays inside [0, 1]; with a handful of learners it is wide.
      expect(result.clickRateInterval.low).toBeLessThan(result.clickRate);
      expect(result.clickRateInterval.high).toBeGreaterThanOrEqual(result.clickRate);
      expect(result.clickRateInterval.high).toBeLessThanOrEqual(1);
      expect(result.clickRateInterval.high - result.clickRateInterval.low).toBeGreaterThan(0.3);
    }
    expect(recount.map((row) => row.variant)).toEqual(['hybrid', 'user-knn']);
    // Two or three learners a variant: under the pooled rate a variant expects fewer than 5 of each
    // outcome, too little for the z-test's normal approximation, so there is none.
    expect(read.body.comparison).toEqual({ between: ['hybrid', 'user-knn'], clickRate: null, conversionRate: null });
  });

  it('stops: everyone gets the hybrid again, the results stay, a second stop is refused, a new experiment may start', async () => {
    const stopped = await app.request('POST', `${EXPERIMENTS}/${experimentId}/stop`, { token: admin });
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('stopped');
    expect(stopped.body.results.map((result: { exposures: number }) => result.exposures).reduce((a: number, b: number) => a + b)).toBe(5);
    expect(stopped.body.stoppedAt).not.toBeNull();
    const again = await app.request('POST', `${EXPERIMENTS}/${experimentId}/stop`, { token: admin });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RECOMMENDATION.EXPERIMENT_STOPPED');
    const served = await serve(learners.find((l) => l.variant === 'user-knn')!.user);
    expect(served.body).toMatchObject({ experiment: null, servedId: null });
    // Two admins starting one at the same moment: one runs, the other is refused (a version conflict on the one stream, or already running).
    const racing = await Promise.all(
      [1, 2].map(() => app.request('POST', EXPERIMENTS, { token: admin, body: { name: 'mostly user-kNN', variants: [{ model: 'user-knn', share: 70 }, { model: 'hybrid' }] } })),
    );
    expect(racing.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(['EVENT_STORE.VERSION_CONFLICT', 'RECOMMENDATION.EXPERIMENT_RUNNING']).toContain(racing.find((response) => response.status === 409)!.body.code);
    expect(await app.sql(`SELECT count(*)::int AS n FROM rec_experiments WHERE status = 'running'`)).toEqual([{ n: 1 }]);
    const next = racing.find((response) => response.status === 201)!;
    expect(next.body.variants).toEqual([
      { model: 'user-knn', share: 70 },
      { model: 'hybrid', share: 30 },
    ]);
    experimentId = next.body.id;
  });

  it('splits a population of learners by the configured share (70/30, 1,000 learners), each recorded once', async () => {
    const queries = app.api.get(QueryBus);
    const population = Array.from({ length: 1000 }, () => randomUUID());
    const served = new Map<string, string>();
    const shownFirst = new Map<string, string>();
    for (const learner of population) {
      const { experiment, items: shown } = await queries.execute(new ServeMyRecommendations(learner, 5));
      served.set(learner, experiment!.variant);
      shownFirst.set(learner, shown[0]!.contentId);
    }
    const share = [...served.values()].filter((variant) => variant === 'user-knn').length / population.length;
    // Binomial(1000, 0.7): the standard deviation is 1.45 points; 5 points is more than three of them.
    expect(Math.abs(share - 0.7)).toBeLessThan(0.05);
    const recorded = await app.sql(`SELECT user_id, variant FROM rec_experiment_exposures WHERE experiment_id = $1 AND user_id = ANY($2::uuid[])`, [experimentId, population]);
    expect(recorded).toHaveLength(population.length);
    for (const row of recorded) expect(row.variant).toBe(served.get(row.user_id));
    // Read again: the same variant for each.
    for (const learner of population.slice(0, 50)) {
      expect((await queries.execute(new ServeMyRecommendations(learner, 5))).experiment!.variant).toBe(served.get(learner));
    }
    populationServed = served;
    firstShown = shownFirst;
  }, 120_000);

  it('tests the conversion rates of the two variants against each other (pooled z-test) once there is enough data, with the figures the counts give', async () => {
    // 20 of the user-kNN learners (of ~700) and 50 of the hybrid's (of ~300) buy the first item they were shown.
    const buyers = (variant: string, count: number) => [...populationServed].filter(([, assigned]) => assigned === variant).slice(0, count).map(([learner]) => learner);
    const buying = [...buyers('user-knn', 20), ...buyers('hybrid', 50)];
    const catalogue = [...items, ...otherItems];
    for (const learner of buying) await payFor(store, learner, [catalogue.find((candidate) => candidate.contentId === firstShown.get(learner))!]);
    await eventually(
      async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases WHERE user_id = ANY($1::uuid[])`, [buying]))[0].n === buying.length ? true : undefined),
      60_000,
      'the conversions relayed',
    );
    const read = await app.request('GET', `${EXPERIMENTS}/${experimentId}`, { token: admin });
    expect(read.status).toBe(200);
    const [knn, hybrid] = read.body.results;
    expect([knn.variant, hybrid.variant]).toEqual(['user-knn', 'hybrid']);
    // Exposed: the population of the test before, nobody else.
    expect(knn.exposures + hybrid.exposures).toBe(1000);
    const exposures = await app.sql(`SELECT variant, count(*)::int AS n FROM rec_experiment_exposures WHERE experiment_id = $1 GROUP BY variant ORDER BY variant`, [experimentId]);
    expect(exposures).toEqual([
      { variant: 'hybrid', n: hybrid.exposures },
      { variant: 'user-knn', n: knn.exposures },
    ]);
    expect(knn).toMatchObject({ convertingLearners: 20, conversionRate: 20 / knn.exposures, conversionRateInterval: wilsonServed(20, knn.exposures) });
    expect(hybrid).toMatchObject({ convertingLearners: 50, conversionRate: 50 / hybrid.exposures, conversionRateInterval: wilsonServed(50, hybrid.exposures) });
    // The second variant (the hybrid) against the first: ~17 % against ~3 %, a difference far beyond chance (z ≈ 6).
    const { comparison } = read.body;
    expect(comparison.between).toEqual(['user-knn', 'hybrid']);
    expect(comparison.conversionRate.difference).toBeCloseTo(50 / hybrid.exposures - 20 / knn.exposures, 12);
    expect(comparison.conversionRate.z).toBeCloseTo(pooledZ({ x: 20, n: knn.exposures }, { x: 50, n: hybrid.exposures }), 9);
    expect(comparison.conversionRate.z).toBeGreaterThan(4);
    // Two-sided, normal table: z = 3.29 → 0.001; beyond it, less.
    expect(comparison.conversionRate.pValue).toBeLessThan(0.001);
    expect(comparison.conversionRate.pValue).toBeCloseTo(twoSidedNormalP(comparison.conversionRate.z), 12);
    expect(comparison.conversionRate.significant).toBe(true);
    // The always-valid test of the same counts: ~17 % against ~3 % is far beyond what reading the results
    // again and again could make of chance, so it is significant too, with the difference inside its sequence.
    const sequential = mixtureSprt({ x: 20, n: knn.exposures }, { x: 50, n: hybrid.exposures });
    expect(comparison.conversionRate.sequential).toEqual({
      difference: expect.closeTo(50 / hybrid.exposures - 20 / knn.exposures, 12),
      likelihoodRatio: expect.any(Number),
      pValue: expect.closeTo(sequential.pValue, 12),
      significant: true,
      confidenceSequence: { low: expect.closeTo(sequential.low, 12), high: expect.closeTo(sequential.high, 12) },
    });
    expect(Math.abs(comparison.conversionRate.sequential.likelihoodRatio * sequential.pValue - 1)).toBeLessThan(1e-9);
    expect(sequential.pValue).toBeLessThan(0.05);
    expect(sequential.low).toBeGreaterThan(0);
    // Nobody clicked: a pooled click rate of 0, no test.
    expect(comparison.clickRate).toBeNull();
  }, 120_000);
});

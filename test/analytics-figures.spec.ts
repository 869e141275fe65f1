import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, noMetadata } from '#platform';
import { AnalyticsBuild, associationRules, CleansingBatches, type NewRawEvent, RawEvents } from '#analytics';
import { seeded } from './support/seeded.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

const FROM = '2026-11-01';
const TO = '2026-11-21';
const DAYS = 21;
const day = (index: number) => new Date(Date.parse(`${FROM}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10);

describe('analytics figures: every number recounted by SQL, creators see only their own', () => {
  let app: TestApp;
  let admin: string;
  let c1: TestUser;
  let c2: TestUser;
  let learner: TestUser;
  const items: { id: string; creator: () => TestUser; category: string }[] = [];
  const users = Array.from({ length: 12 }, () => randomUUID());

  const get = (url: string, token: string) => app.request('GET', url, { token });
  const num = (value: unknown) => (value === null ? null : Number(value));

  /** The descriptive statistics of the values a SQL expression lists, counted by PostgreSQL itself. */
  async function recount(valuesSql: string, params: unknown[]) {
    const [row] = await app.sql(
      `SELECT count(v)::int AS count, coalesce(sum(v), 0)::float8 AS sum, avg(v)::float8 AS mean, var_pop(v)::float8 AS variance,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90
         FROM (${valuesSql}) AS values_(v)`,
      params,
    );
    return { count: row.count, sum: num(row.sum), mean: num(row.mean), variance: num(row.variance), median: num(row.median), p90: num(row.p90) };
  }
  const close = (figures: Record<string, number | null>) =>
    Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, value === null ? null : expect.closeTo(value, 6)]));

  /** The facts of a scope, filtered the plain way, for the recounts. */
  const scoped = (filter: string) => `FROM analytics_facts f JOIN analytics_items i USING (item_id)
     WHERE f.occurred_at >= '${FROM}T00:00:00Z' AND f.occurred_at < '${TO}T00:00:00Z'::timestamptz + interval '1 day' AND ${filter}`;

  beforeAll(async () => {
    app = await TestApp.start({
      worker: true,
      env: { ANALYTICS_CLEANSING_EVERY_MS: '86400000', ANALYTICS_REFRESH_EVERY_MS: '86400000', ANALYTICS_RULE_MIN_SUPPORT: '0.1', ANALYTICS_RULE_MIN_CONFIDENCE: '0.3' },
    });
    admin = await app.adminToken();
    [c1, c2, learner] = await Promise.all([app.user('creator-one', ['creator']), app.user('creator-two', ['creator']), app.user('learner-fig')]);
    items.push(
      { id: randomUUID(), creator: () => c1, category: 'course' },
      { id: randomUUID(), creator: () => c1, category: 'article' },
      { id: randomUUID(), creator: () => c2, category: 'course' },
      { id: randomUUID(), creator: () => c2, category: 'video' },
    );
    // Items become known as catalog publishes them: through the relay.
    const store = app.api.get(EventStore);
    for (const item of items) {
      await store.append({
        streamId: `content-${item.id}`,
        streamType: 'content',
        expectedVersion: 0,
        events: [
          {
            type: 'catalog.content-approved',
            data: { contentId: item.id, creatorId: item.creator().id, kind: item.category, title: `T ${item.id}`, summary: 's', priceCents: 1000, currency: 'CNY', tags: [], moderatorId: randomUUID(), publishedAt: `${FROM}T00:00:00Z` },
          },
        ],
        metadata: noMetadata(),
      });
    }
    await eventually(async () => (await app.sql(`SELECT count(*)::int AS n FROM analytics_items`))[0].n === 4, 20_000, 'items relayed');

    const next = seeded(9);
    const rows: NewRawEvent[] = [];
    const platforms = ['ios', 'android', 'web'];
    let n = 0;
    const add = (eventType: string, user: string, itemId: string, at: string, props: Record<string, unknown>) =>
      rows.push({ source: 'import:gen', sourceEventId: `g${n++}`, eventType, userId: user, deviceId: null, timeZone: null, clientIp: null, payload: { occurredAt: at, itemId, platform: platforms[Math.floor(next() * 3)], props } });
    for (let d = 0; d < DAYS; d++) {
      for (const item of items) {
        for (const user of users) {
          // Far apart in time: no near-duplicates, so the recounts see what was generated.
          const at = (minute: number) => `${day(d)}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;
          if (next() < 0.3) add('view', user, item.id, at(60 + Math.floor(next() * 600)), { durationMs: Math.floor(next() * 60_000) });
          if (next() < 0.15) add('play', user, item.id, at(700 + Math.floor(next() * 100)), { progress: Math.round(next() * 100) / 100 });
          if (next() < 0.05) add('rate', user, item.id, at(820 + Math.floor(next() * 100)), { rating: 1 + Math.floor(next() * 5) });
        }
      }
    }
    // Purchases: each user buys some items once (orders first), a few refunded; they also make the baskets.
    for (const [u, user] of users.entries()) {
      for (const item of items) {
        if (next() < 0.45) {
          const d = Math.floor(next() * DAYS);
          const price = 500 + Math.floor(next() * 20) * 100;
          add('order', user, item.id, `${day(d)}T20:00:00Z`, { amountCents: price, currency: 'CNY' });
          add('purchase', user, item.id, `${day(d)}T20:05:00Z`, { amountCents: price, currency: 'CNY' });
          if (u % 5 === 0) add('refund', user, item.id, `${day(Math.min(DAYS - 1, d + 1))}T08:00:00Z`, { amountCents: price, currency: 'CNY' });
          // The buyer's enrolment, as the relay writes it from the paid order.
          add('enrolment', user, item.id, `${day(d)}T20:05:00Z`, {});
        } else if (next() < 0.3) {
          // A member's: no order, enrolled by the first lesson opened.
          add('enrolment', user, item.id, `${day(Math.floor(next() * DAYS))}T21:00:00Z`, {});
        }
      }
    }
    await app.worker!.get(RawEvents).append(rows);
    const batches = app.worker!.get(CleansingBatches);
    await eventually(async () => {
      await batches.runNext();
      return (await app.sql(`SELECT count(*)::int AS n FROM analytics_facts WHERE source = 'import:gen'`))[0].n === rows.length;
    }, 20_000, 'all generated rows cleansed');
    await app.worker!.get(AnalyticsBuild).refresh();
  });
  afterAll(() => app?.close());

  const q = (extra = '') => `from=${FROM}&to=${TO}${extra}`;

  it('gives descriptive statistics per item, creator, category, platform and overall that SQL recounts exactly', async () => {
    const scopes: [string, string][] = [
      ['', 'true'],
      [`&dimension=item&key=${items[0]!.id}`, `i.item_id = '${items[0]!.id}'`],
      [`&dimension=creator&key=${c2.id}`, `i.creator_id = '${c2.id}'`],
      ['&dimension=category&key=course', `i.category = 'course'`],
      ['&dimension=platform&key=android', `f.platform = 'android'`],
    ];
    for (const [params, filter] of scopes) {
      const response = await get(`/api/v1/admin/analytics/stats?${q(params)}`, admin);
      expect(response.status, params).toBe(200);
      const perDay = (aggregate: string, type: string) =>
        recount(
          `SELECT coalesce((SELECT ${aggregate} ${scoped(`${filter} AND f.event_type = '${type}'`)} AND (f.occurred_at AT TIME ZONE 'UTC')::date = d::date), 0)
             FROM generate_series('${FROM}'::date, '${TO}'::date, interval '1 day') AS d`,
          [],
        );
      const amounts = (column: string, type: string) => recount(`SELECT f.${column} ${scoped(`${filter} AND f.event_type = '${type}'`)}`, []);
      expect(response.body.viewsPerDay, params).toEqual(close(await perDay('count(*)', 'view')));
      expect(response.body.viewsPerDay.count).toBe(DAYS);
      expect(response.body.buyersPerDay, params).toEqual(close(await perDay('count(DISTINCT f.user_id)', 'purchase')));
      expect(response.body.revenueCents, params).toEqual(close(await amounts('amount_cents', 'purchase')));
      expect(response.body.refundCents, params).toEqual(close(await amounts('amount_cents', 'refund')));
      expect(response.body.ratings, params).toEqual(close(await amounts('rating', 'rate')));
      const [buyers] = await app.sql(`SELECT count(DISTINCT f.user_id)::int AS n ${scoped(`${filter} AND f.event_type = 'purchase'`)}`);
      expect(response.body.buyers).toBe(buyers.n);
      expect(response.body.enrolmentsPerDay, params).toEqual(close(await perDay('count(*)', 'enrolment')));
      const [learners] = await app.sql(`SELECT count(DISTINCT f.user_id)::int AS n ${scoped(`${filter} AND f.event_type = 'enrolment'`)}`);
      expect(response.body.enrolledLearners, params).toBe(learners.n);
      const [completion] = await app.sql(
        `SELECT count(DISTINCT f.user_id)::int AS players, count(DISTINCT f.user_id) FILTER (WHERE f.progress >= 0.95)::int AS completers
           ${scoped(`${filter} AND f.event_type = 'play'`)}`,
      );
      expect(response.body.completion).toEqual({ ...completion, rate: completion.completers / completion.players });
    }
    const overall = (await get(`/api/v1/admin/analytics/stats?${q()}`, admin)).body;
    expect(overall.revenueCents.count).toBeGreaterThan(5);
    // Buyers' and members' enrolments both count: more enrolled learners than buyers.
    expect(overall.enrolmentsPerDay.sum).toBeGreaterThan(overall.revenueCents.count);
  });

  it('keeps enrolments in the daily aggregates: their trend per item, creator, category and platform is what SQL recounts from the facts', async () => {
    const scopes: [string, string][] = [
      ['', 'true'],
      [`&dimension=item&key=${items[1]!.id}`, `i.item_id = '${items[1]!.id}'`],
      [`&dimension=creator&key=${c1.id}`, `i.creator_id = '${c1.id}'`],
      ['&dimension=category&key=course', `i.category = 'course'`],
      ['&dimension=platform&key=web', `f.platform = 'web'`],
    ];
    for (const [params, filter] of scopes) {
      const response = await get(`/api/v1/admin/analytics/trend?${q(`${params}&metric=enrolments`)}`, admin);
      expect(response.status, params).toBe(200);
      const daily = await app.sql(
        `SELECT d::date::text AS day, (SELECT count(*) ${scoped(`${filter} AND f.event_type = 'enrolment'`)}
                  AND (f.occurred_at AT TIME ZONE 'UTC')::date = d::date)::float8 AS value
           FROM generate_series('${FROM}'::date, '${TO}'::date, interval '1 day') AS d ORDER BY d`,
      );
      expect(response.body.points.map((p: { day: string; value: number }) => ({ day: p.day, value: p.value })), params).toEqual(daily);
      expect(daily.some((row) => row.value > 0), params).toBe(true);
    }
    // A creator's own enrolments through their route, the same figure.
    const mine = await get(`/api/v1/creator/analytics/trend?${q(`&dimension=creator&key=${c1.id}&metric=enrolments`)}`, c1.token);
    const staff = await get(`/api/v1/admin/analytics/trend?${q(`&dimension=creator&key=${c1.id}&metric=enrolments`)}`, admin);
    expect(mine.status).toBe(200);
    expect(mine.body.points).toEqual(staff.body.points);
  });

  it('gives daily trends, a 7-day moving average, week-over-week growth, a weekday profile and a scored forecast that SQL recounts', async () => {
    const response = await get(`/api/v1/admin/analytics/trend?${q(`&dimension=creator&key=${c1.id}&metric=revenueCents`)}`, admin);
    expect(response.status).toBe(200);
    const daily = await app.sql(
      `SELECT d::date::text AS day, coalesce((SELECT sum(f.amount_cents) ${scoped(`i.creator_id = '${c1.id}' AND f.event_type = 'purchase'`)}
                AND (f.occurred_at AT TIME ZONE 'UTC')::date = d::date), 0)::float8 AS value
         FROM generate_series('${FROM}'::date, '${TO}'::date, interval '1 day') AS d ORDER BY d`,
    );
    expect(response.body.points.map((p: { day: string; value: number }) => ({ day: p.day, value: p.value }))).toEqual(daily);
    const values = daily.map((row) => row.value as number);
    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
    expect(response.body.points[20].movingAverage7).toBeCloseTo(sum(values.slice(14, 21)) / 7, 9);
    expect(response.body.points[5].movingAverage7).toBeNull();
    expect(response.body.weekOverWeek).toBeCloseTo((sum(values.slice(14)) - sum(values.slice(7, 14))) / sum(values.slice(7, 14)), 9);
    const [monday] = await app.sql(`SELECT avg(v)::float8 AS mean FROM unnest($1::float8[], $2::date[]) AS t(v, d) WHERE extract(isodow FROM d) = 1`, [
      values,
      daily.map((row) => row.day),
    ]);
    expect(response.body.weekdayProfile[0]).toEqual({ weekday: 'Mon', mean: expect.closeTo(monday.mean, 9) });
    // The line's error is a regression fitted on the first 14 days (SQL's regr_*), scored on the last 7;
    // Holt-Winters is scored the same way, and the forecast is the one that erred less.
    const [fit] = await app.sql(`SELECT regr_slope(v, x) AS slope, regr_intercept(v, x) AS intercept FROM unnest($1::float8[]) WITH ORDINALITY AS t(v, x) WHERE x <= 14`, [values]);
    const predicted = (x: number) => fit.intercept + fit.slope * (x + 1);
    const error = sum(values.slice(14).map((v, k) => Math.abs(v - predicted(14 + k)))) / 7;
    const { candidates } = response.body.forecast as { candidates: { method: string; meanAbsoluteError: number }[] };
    expect(candidates.map((candidate) => candidate.method)).toEqual(['linear-regression', 'holt-winters']);
    expect(candidates[0]!.meanAbsoluteError).toBeCloseTo(error, 6);
    const chosen = candidates[1]!.meanAbsoluteError < candidates[0]!.meanAbsoluteError ? candidates[1]! : candidates[0]!;
    expect(response.body.forecast).toMatchObject({ method: chosen.method, meanAbsoluteError: chosen.meanAbsoluteError });
    expect(response.body.forecast.points.map((p: { day: string }) => p.day)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']);

    const csv = await get(`/api/v1/admin/analytics/trend?${q(`&dimension=creator&key=${c1.id}&metric=revenueCents&format=csv`)}`, admin);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('day,revenueCents,movingAverage7');
    expect(lines.slice(1).map((line) => Number(line.split(',')[1]))).toEqual(values);
    const svg = await get(`/api/v1/admin/analytics/trend?${q('&metric=views&format=svg')}`, admin);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.body as string).match(/<polyline/g)).toHaveLength(2);
  });

  it('gives the funnel and monthly cohort retention that SQL recounts', async () => {
    const funnel = await get(`/api/v1/admin/analytics/funnel?${q()}`, admin);
    expect(funnel.status).toBe(200);
    const [pairs] = await app.sql(
      `SELECT count(*) FILTER (WHERE v)::int AS viewed, count(*) FILTER (WHERE v AND o)::int AS ordered,
              count(*) FILTER (WHERE v AND o AND p)::int AS paid, count(*) FILTER (WHERE v AND o AND p AND c)::int AS completed
         FROM (SELECT bool_or(f.event_type = 'view') v, bool_or(f.event_type = 'order') o, bool_or(f.event_type = 'purchase') p,
                      bool_or(f.event_type = 'play' AND f.progress >= 0.95) c ${scoped('true')} GROUP BY f.user_id, f.item_id) AS per_pair`,
    );
    expect(funnel.body.steps.map((s: { pairs: number }) => s.pairs)).toEqual([pairs.viewed, pairs.ordered, pairs.paid, pairs.completed]);
    expect(funnel.body.steps[2].conversion).toBeCloseTo(pairs.paid / pairs.ordered, 12);

    const cohorts = await get(`/api/v1/admin/analytics/cohorts?from=2026-11-01&to=2026-11-21`, admin);
    const [first] = await app.sql(`SELECT count(DISTINCT f.user_id)::int AS n ${scoped(`f.event_type = 'purchase'`)}`);
    expect(cohorts.body.cohorts).toEqual([{ month: '2026-11', users: first.n, retention: [1] }]);
  });

  it('finds the association rules over purchase baskets (refunds taken out) that a brute-force count finds', async () => {
    const baskets: string[][] = (
      await app.sql(
        `SELECT array_agg(p.item_id::text) AS items FROM analytics_facts p WHERE p.event_type = 'purchase'
            AND NOT EXISTS (SELECT 1 FROM analytics_facts r WHERE r.event_type = 'refund' AND r.user_id = p.user_id AND r.item_id = p.item_id)
          GROUP BY p.user_id`,
      )
    ).map((row) => row.items);
    const key = (rule: { antecedent: readonly string[]; consequent: readonly string[] }) => `${[...rule.antecedent].sort()}>${[...rule.consequent].sort()}`;
    // Brute force: every split of every itemset of 2 or 3 items, counted directly.
    const all = [...new Set(baskets.flat())];
    const count = (set: string[]) => baskets.filter((b) => set.every((i) => b.includes(i))).length;
    const expected = new Map<string, { support: number; confidence: number; lift: number }>();
    for (let mask = 1; mask < 1 << all.length; mask++) {
      const set = all.filter((_, i) => mask & (1 << i));
      if (set.length < 2 || set.length > 3 || count(set) / baskets.length < 0.1 || count(set) === 0) continue;
      for (let sub = 1; sub < (1 << set.length) - 1; sub++) {
        const a = set.filter((_, i) => sub & (1 << i));
        const c = set.filter((i) => !a.includes(i));
        const confidence = count(set) / count(a);
        if (confidence >= 0.3) expected.set(key({ antecedent: a, consequent: c }), { support: count(set) / baskets.length, confidence, lift: confidence / (count(c) / baskets.length) });
      }
    }
    const response = await get('/api/v1/admin/analytics/association-rules?limit=500', admin);
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBe(expected.size);
    expect(expected.size).toBeGreaterThan(0);
    for (const rule of response.body.items) {
      const want = expected.get(key(rule))!;
      expect({ support: rule.support, confidence: rule.confidence, lift: rule.lift }).toEqual(close(want));
    }
    expect(response.body.items.length).toBe(associationRules(baskets, { minSupport: 0.1, minConfidence: 0.3, maxItems: 3 }).length);
  });

  it('shows a creator the figures of their own items only, through every route and filter', async () => {
    const own = await get(`/api/v1/creator/analytics/stats?${q()}`, c1.token);
    const staffView = await get(`/api/v1/admin/analytics/stats?${q(`&dimension=creator&key=${c1.id}`)}`, admin);
    expect(own.status).toBe(200);
    expect({ ...own.body, scope: null }).toEqual({ ...staffView.body, scope: null });
    const platform = await get(`/api/v1/creator/analytics/stats?${q('&dimension=platform&key=ios')}`, c1.token);
    expect(platform.body.revenueCents).toEqual(close(await recount(`SELECT f.amount_cents ${scoped(`i.creator_id = '${c1.id}' AND f.platform = 'ios' AND f.event_type = 'purchase'`)}`, [])));
    const ownTrend = await get(`/api/v1/creator/analytics/trend?${q('&metric=views')}`, c1.token);
    const staffTrend = await get(`/api/v1/admin/analytics/trend?${q(`&metric=views&dimension=creator&key=${c1.id}`)}`, admin);
    expect(ownTrend.body.points).toEqual(staffTrend.body.points);

    // Another creator's item, the other creator, a category only they have: not found, on every route and format.
    for (const params of [`&dimension=item&key=${items[2]!.id}`, `&dimension=creator&key=${c2.id}`, '&dimension=category&key=video']) {
      for (const path of ['stats', 'trend']) {
        for (const format of path === 'trend' ? ['json', 'csv', 'svg'] : ['json']) {
          const extra = path === 'trend' ? `&metric=views&format=${format}` : '';
          const response = await get(`/api/v1/creator/analytics/${path}?${q(params)}${extra}`, c1.token);
          expect({ path, params, format, status: response.status, code: response.body.code }).toEqual({ path, params, format, status: 404, code: 'ANALYTICS.ITEM_NOT_FOUND' });
        }
      }
      const funnel = await get(`/api/v1/creator/analytics/funnel?${q(params)}`, c1.token);
      expect(funnel.body.steps.map((s: { pairs: number }) => s.pairs)).toEqual([0, 0, 0, 0]);
      const cohorts = await get(`/api/v1/creator/analytics/cohorts?${q(params)}`, c1.token);
      expect(cohorts.body.cohorts).toEqual([]);
    }
    // The shared category shows the caller's part of it only.
    const course = await get(`/api/v1/creator/analytics/stats?${q('&dimension=category&key=course')}`, c1.token);
    const mine = await get(`/api/v1/admin/analytics/stats?${q(`&dimension=item&key=${items[0]!.id}`)}`, admin);
    expect(course.body.revenueCents).toEqual(mine.body.revenueCents);

    // Staff routes and the rules stay staff's; learners have no analytics.
    for (const path of ['stats', 'trend?metric=views', 'funnel', 'cohorts', 'association-rules']) {
      expect((await get(`/api/v1/admin/analytics/${path}`, c1.token)).status).toBe(403);
    }
    expect((await get(`/api/v1/creator/analytics/stats`, learner.token)).status).toBe(403);
    expect((await app.request('GET', '/api/v1/creator/analytics/stats')).status).toBe(401);
  });

  it('refuses a reversed or over-long window and a dimension without its key', async () => {
    const reversed = await get('/api/v1/admin/analytics/stats?from=2026-11-21&to=2026-11-01', admin);
    expect([reversed.status, reversed.body.code]).toEqual([422, 'ANALYTICS.BAD_WINDOW']);
    const long = await get('/api/v1/admin/analytics/funnel?from=2025-01-01&to=2026-11-01', admin);
    expect([long.status, long.body.code]).toEqual([422, 'ANALYTICS.BAD_WINDOW']);
    const lonely = await get('/api/v1/admin/analytics/stats?dimension=item', admin);
    expect([lonely.status, lonely.body.code]).toEqual([400, 'HTTP.VALIDATION_FAILED']);
    const badDay = await get('/api/v1/admin/analytics/stats?from=2026-13-01', admin);
    expect(badDay.status).toBe(400);
  });

  it('folds new facts in on the next refresh, touching only the days they fall on', async () => {
    const item = items[1]!;
    const before = await get(`/api/v1/admin/analytics/trend?${q(`&dimension=item&key=${item.id}&metric=views`)}`, admin);
    await app.worker!.get(RawEvents).append(
      [0, 1, 2].map((k) => ({
        source: 'import:late',
        sourceEventId: `late-${k}`,
        eventType: 'view',
        userId: randomUUID(),
        deviceId: null,
        timeZone: null,
        clientIp: null,
        payload: { occurredAt: `${day(3)}T23:00:0${k}Z`, itemId: item.id, platform: 'web', props: { durationMs: 10 } },
      })),
    );
    await eventually(async () => {
      await app.worker!.get(CleansingBatches).runNext();
      return (await app.sql(`SELECT count(*)::int AS n FROM analytics_facts WHERE source = 'import:late'`))[0].n === 3;
    }, 15_000, 'late rows cleansed');
    expect(await app.worker!.get(AnalyticsBuild).refresh()).toMatchObject({ batches: 1, days: 1 });
    const after = await get(`/api/v1/admin/analytics/trend?${q(`&dimension=item&key=${item.id}&metric=views`)}`, admin);
    const changed = after.body.points.map((p: { value: number }, i: number) => p.value - before.body.points[i].value);
    expect(changed).toEqual(Array.from({ length: DAYS }, (_, i) => (i === 3 ? 3 : 0)));
  });
});

// Cost of the served user-based kNN: the exact statements the api and the worker run
// (libs/recommendation/src/queries/user-knn-sql.ts, built into dist/) timed for random learners,
// on synthetic purchases from a fixed seed in PostgreSQL. Not part of npm test. For each learner:
// the neighbour refresh the worker runs when one of their interactions is relayed
// (USER_NEIGHBOURS_SQL), then the list read (USER_KNN_SQL); and, on the same data, the statement
// served before neighbours were stored (FORMER_SQL below, which found them on every read).
//
//   npm run build && node bench/reco-user-knn.mjs [--interactions N] [--items N] [--users N] [--learners N] [--seed N]
//
// The data is bench/reco-rebuild.mjs's: 40 topics, each user one, 80 % of picks in the user's topic,
// 20 % anywhere, both Zipf-skewed. Each (user, item) is a row of rec_purchases; every item is
// published (rec_items). The database (zhiku_bench_reco_user_knn, or DATABASE_URL's) is dropped and recreated.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { USER_KNN_SQL, USER_NEIGHBOURS_SQL } from '../dist/libs/recommendation/src/queries/user-knn-sql.js';
import { seededRandom } from '../dist/libs/recommendation/src/models/random.js';
import { recreateDatabase } from './database.mjs';

/** The read-time statement served until neighbours were stored (purchases only, weight 1), for comparison on the same data. */
const FORMER_SQL = `WITH mine AS (
     SELECT content_id FROM rec_items WHERE content_id = ANY($1::uuid[])
   ), overlap AS (
     SELECT p.user_id, count(*)::float8 AS common
       FROM rec_purchases p JOIN mine ON mine.content_id = p.content_id
      WHERE p.user_id <> $2
      GROUP BY p.user_id
   ), norms AS (
     SELECT q.user_id, count(*)::float8 AS n
       FROM overlap o
       JOIN rec_purchases q ON q.user_id = o.user_id
       JOIN rec_items qi ON qi.content_id = q.content_id
      GROUP BY q.user_id
   ), neighbours AS (
     SELECT o.user_id, o.common / sqrt((SELECT count(*) FROM mine) * h.n) AS similarity
       FROM overlap o JOIN norms h ON h.user_id = o.user_id
      ORDER BY similarity DESC, o.user_id
      LIMIT $3
   ), total AS (
     SELECT sum(similarity) AS similarity, count(*)::int AS learners FROM neighbours
   )
   SELECT p.content_id AS "contentId", sum(n.similarity) / total.similarity AS score, count(*)::int AS learners, total.learners AS "outOf"
     FROM neighbours n
     CROSS JOIN total
     JOIN rec_purchases p ON p.user_id = n.user_id
     JOIN rec_items item ON item.content_id = p.content_id AND item.creator_id <> $2
    WHERE NOT p.content_id = ANY($1::uuid[])
    GROUP BY p.content_id, total.similarity, total.learners
    ORDER BY score DESC, p.content_id`;

const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '1000000' },
    items: { type: 'string', default: '20000' },
    users: { type: 'string', default: '50000' },
    learners: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
  },
});
const [total, items, users, learners, seed] = ['interactions', 'items', 'users', 'learners', 'seed'].map((key) => Number(values[key]));
const TOPICS = 40;
const K = 50;
// RECOMMENDATION_USER_KNN_MAX_ITEM_LEARNERS, as the worker runs it (USER_KNN_MAX_ITEM_LEARNERS).
const MAX_ITEM_LEARNERS = Number(process.env.RECOMMENDATION_USER_KNN_MAX_ITEM_LEARNERS ?? 1000);
const random = seededRandom(seed);
const zipf = (n) => Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1)) - 1));
const uuidOf = (prefix, n) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const userId = (u) => uuidOf('00000001', u);
const itemId = (i) => uuidOf('00000002', i);
const creatorId = (c) => uuidOf('00000003', c);

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/zhiku_bench_reco_user_knn';
const loadBefore = loadavg();
await recreateDatabase(databaseUrl);
const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });

let started = performance.now();
const perTopic = Math.ceil(items / TOPICS);
const seen = new Set();
const history = new Map();
while (seen.size < total) {
  const u = Math.floor(random() * users);
  const topic = u % TOPICS;
  const item = random() < 0.8 ? Math.min(items - 1, topic * perTopic + zipf(perTopic)) : zipf(items);
  const key = u * items + item;
  if (seen.has(key)) continue;
  seen.add(key);
  if (!history.has(u)) history.set(u, []);
  history.get(u).push(item);
}
const generateSeconds = (performance.now() - started) / 1000;

started = performance.now();
const itemIds = Array.from({ length: items }, (_, i) => itemId(i));
await db.query(
  `INSERT INTO rec_items (content_id, title, kind, creator_id, published_at, source_position)
   SELECT id, 'Item ' || n, 'course', creator, now(), n FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(id, creator, n)`,
  [itemIds, itemIds.map((_, i) => creatorId(i % 500))],
);
const pairs = [...history].flatMap(([u, owned]) => owned.map((i) => [u, i]));
for (let at = 0; at < pairs.length; at += 50_000) {
  const chunk = pairs.slice(at, at + 50_000);
  await db.query(
    `INSERT INTO rec_purchases (user_id, content_id, purchased_at) SELECT u, i, now() FROM unnest($1::uuid[], $2::uuid[]) AS t(u, i)`,
    [chunk.map(([u]) => userId(u)), chunk.map(([, i]) => itemId(i))],
  );
}
await db.query('VACUUM ANALYZE rec_purchases');
await db.query('VACUUM ANALYZE rec_items');
const loadSeconds = (performance.now() - started) / 1000;

// Learners drawn at random among those with a purchase; each timed once after one warm-up read of another.
const withHistory = [...history.keys()];
const sample = Array.from({ length: learners }, () => withHistory[Math.floor(random() * withHistory.length)]);
await db.query(USER_NEIGHBOURS_SQL, [userId(sample[0]), K, MAX_ITEM_LEARNERS]);
await db.query(USER_KNN_SQL, [history.get(sample[0]).map(itemId), userId(sample[0]), K]);
const refreshTimes = [];
const times = [];
const formerTimes = [];
const overlaps = [];
const picks = [];
const same = [];
for (const u of sample) {
  const owned = history.get(u).map(itemId);
  let t0 = performance.now();
  await db.query(USER_NEIGHBOURS_SQL, [userId(u), K, MAX_ITEM_LEARNERS]);
  refreshTimes.push(performance.now() - t0);
  t0 = performance.now();
  const { rows } = await db.query(USER_KNN_SQL, [owned, userId(u), K]);
  times.push(performance.now() - t0);
  picks.push(rows.length);
  t0 = performance.now();
  const { rows: former } = await db.query(FORMER_SQL, [owned, userId(u), K]);
  formerTimes.push(performance.now() - t0);
  // With purchases only, the stored neighbours give the former statement's list.
  same.push(rows.length === former.length && rows.every((row, at) => row.contentId === former[at].contentId && Math.abs(row.score - former[at].score) < 1e-9));
  const { rows: [{ n }] } = await db.query(
    `SELECT count(DISTINCT user_id)::int AS n FROM rec_purchases WHERE content_id = ANY($1::uuid[]) AND user_id <> $2`,
    [owned, userId(u)],
  );
  overlaps.push(n);
}
await db.end();

const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const result = {
  measuredAt: new Date().toISOString(),
  loadAverageBefore: loadBefore.map((x) => round(x, 2)),
  loadAverageAfter: loadavg().map((x) => round(x, 2)),
  interactions: total,
  items,
  users,
  learnersTimed: learners,
  k: K,
  generateSeconds: round(generateSeconds),
  loadSeconds: round(loadSeconds),
  listMs: { p50: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), p99: round(quantile(times, 0.99)), max: round(Math.max(...times)) },
  neighbourRefreshMs: { p50: round(quantile(refreshTimes, 0.5)), p95: round(quantile(refreshTimes, 0.95)), p99: round(quantile(refreshTimes, 0.99)), max: round(Math.max(...refreshTimes)) },
  formerListMs: { p50: round(quantile(formerTimes, 0.5)), p95: round(quantile(formerTimes, 0.95)), p99: round(quantile(formerTimes, 0.99)), max: round(Math.max(...formerTimes)) },
  sameListAsFormer: `${same.filter(Boolean).length} of ${same.length}`,
  ownedItems: { p50: quantile(sample.map((u) => history.get(u).length), 0.5), max: Math.max(...sample.map((u) => history.get(u).length)) },
  overlappingLearners: { p50: quantile(overlaps, 0.5), p95: quantile(overlaps, 0.95), max: Math.max(...overlaps) },
  candidates: { p50: quantile(picks, 0.5) },
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(new URL('./results/reco-user-knn-latest.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);

// `npm run bench:analytics-rebuild [-- --no-build --facts=1000000]`
// The "full analytics rebuild over 1,000,000 clean facts in under 60 s": `facts` clean facts
// are written straight into analytics_facts by SQL (cleansing is measured by bench:analytics, not
// here), the table is analysed as autovacuum would have, then one AnalyticsBuild.refresh() folds
// them all (daily aggregates for every item-day and platform, association rules): seconds.
import { performance } from 'node:perf_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchEnv, buildUnlessAsked } from './setup.mjs';

const ROOT = new URL('..', import.meta.url);
const loadBefore = os.loadavg()[0];
const args = process.argv.slice(2);
const factsArg = args.find((arg) => arg.startsWith('--facts='));
const facts = factsArg === undefined ? 1_000_000 : Number(factsArg.slice('--facts='.length));
if (!Number.isInteger(facts) || facts <= 0) throw new Error('--facts must be a positive whole number');

const env = benchEnv('bench-analytics-rebuild', {
  // The bench runs the refresh itself, timed; the schedules stay out of the way.
  ANALYTICS_CLEANSING_EVERY_MS: '86400000',
  ANALYTICS_REFRESH_EVERY_MS: '604800000',
});
buildUnlessAsked(args, ROOT);
const { loadConfig } = await import('../dist/libs/platform/src/index.js');
const { AnalyticsBuild } = await import('../dist/libs/analytics/src/index.js');
const { createWorker } = await import('../dist/apps/worker/src/bootstrap.js');
const { recreateDatabase } = await import('./database.mjs');
const config = loadConfig(env);
await recreateDatabase(config.databaseUrl);
const worker = await createWorker(config);
const { DataSource } = await import('typeorm');
const db = worker.get(DataSource);

// One cleansing batch holds them all, as after a first cleansing of a migrated history.
const writeStarted = performance.now();
await db.query(
  `INSERT INTO analytics_cleansing_batches (id, from_tx, from_raw_id, to_tx, to_raw_id, started_at, finished_at, rows_in, rows_out, duplicates, near_duplicates, imputed, quarantined)
   VALUES (1, '0'::xid8, 0, '0'::xid8, $1::int, now(), now(), $1::int, $1::int, 0, 0, '{}', '{}')`,
  [facts],
);
// 20,000 users, 500 items, 90 days; per 20 facts: a purchase (two or three a buyer, of 40 popular items that
// go together, so there are rules to find), an order, three plays, a rating and views; a refund now and then.
// Ids are md5 UUIDs: the same every run.
for (let from = 1; from <= facts; from += 200_000) {
  await db.query(
    `INSERT INTO analytics_facts (batch_id, raw_id, source, source_event_id, event_type, user_id, item_id, occurred_at, platform,
       amount_cents, currency, duration_ms, progress, rating)
     SELECT 1, g, 'bench', g::text, t.type,
            md5('user' || CASE WHEN t.money THEN (g / 20) % 20000 ELSE g % 20000 END)::uuid,
            md5('item' || CASE WHEN t.money THEN (7 * (g / 20) + 3 * (g / 400000)) % 40 ELSE (g * 7919) % 500 END)::uuid,
            now() - ((g * 104729) % (90 * 86400)) * interval '1 second', (ARRAY['ios', 'android', 'web'])[1 + g % 3],
            CASE WHEN t.type IN ('purchase', 'order', 'refund') THEN 990 END, CASE WHEN t.type IN ('purchase', 'order', 'refund') THEN 'CNY' END,
            CASE WHEN t.type = 'view' THEN g % 60000 END, CASE WHEN t.type = 'play' THEN (g % 101) / 100.0 END, CASE WHEN t.type = 'rate' THEN 1 + g % 5 END
       FROM generate_series($1::bigint, $2::bigint) AS g,
            LATERAL (SELECT CASE WHEN g % 997 = 0 THEN 'refund' ELSE (CASE g % 20 WHEN 0 THEN 'purchase' WHEN 1 THEN 'order' WHEN 2 THEN 'play' WHEN 3 THEN 'play'
                                 WHEN 4 THEN 'play' WHEN 5 THEN 'rate' ELSE 'view' END) END AS type) AS t0,
            LATERAL (SELECT t0.type, t0.type IN ('purchase', 'refund') AS money) AS t`,
    [from, Math.min(facts, from + 199_999)],
  );
}
await db.query(`ANALYZE analytics_facts`);
const writeSeconds = (performance.now() - writeStarted) / 1000;
console.log(`wrote ${facts} clean facts in ${writeSeconds.toFixed(1)} s (not part of the figure)`);

const started = performance.now();
const refreshed = await worker.get(AnalyticsBuild).refresh();
const seconds = (performance.now() - started) / 1000;
console.log(`analytics rebuild: ${seconds.toFixed(1)} s over ${facts} facts (${refreshed.days} item-days, ${refreshed.rules} rules)`);
await worker.close();

const result = { at: new Date().toISOString(), machine: { cores: os.availableParallelism(), loadBefore }, facts, writeSeconds, rebuild: { seconds, ...refreshed } };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/analytics-rebuild-latest.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(`load average before: ${loadBefore.toFixed(2)} on ${os.availableParallelism()} cores; written to bench/results/analytics-rebuild-latest.json`);

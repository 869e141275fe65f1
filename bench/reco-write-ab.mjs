// The similarity batch's write phase alone, INSERT … unnest (as written until 2026-11-29) against COPY
// (`copyRows`, as written now), alternating chunk by chunk so both see the same load. Rows are the ones
// a finished `npm run bench:reco` left in its database (100,000 learners' user-kNN neighbours, 20,000
// items' model and content neighbours); each side writes them into its own empty copies of the tables
// (same columns, indexes and constraints), in chunks of the batch's sizes, each chunk one transaction.
//
//   npm run build && node bench/reco-write-ab.mjs [--name bench-reco] [--learners-per-chunk 1000] [--items-per-chunk 200]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { copyRows } from '../dist/libs/platform/src/database/copy-rows.js';

const { values: options } = parseArgs({
  options: {
    name: { type: 'string', default: 'bench-reco' },
    'learners-per-chunk': { type: 'string', default: '1000' },
    'items-per-chunk': { type: 'string', default: '200' },
  },
});
const url = `postgres://postgres@127.0.0.1:5432/zhiku_${options.name.replace(/-/g, '_')}`;
const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
const session = dataSource.createQueryRunner();
const inTransaction = async (work) => {
  await session.startTransaction();
  try {
    await work();
    await session.commitTransaction();
  } catch (error) {
    await session.rollbackTransaction();
    throw error;
  }
};

const users = await session.query(`SELECT user_id AS "userId", neighbour_ids::text[] AS "neighbourIds", similarities FROM rec_user_neighbours ORDER BY user_id`);
const [{ batchId }] = await session.query(`SELECT batch_id AS "batchId" FROM rec_current_batch`);
const model = await session.query(`SELECT content_id AS "contentId", neighbour_id AS "neighbourId", score, co_purchases AS "coPurchases" FROM rec_model_neighbours WHERE batch_id = $1 ORDER BY content_id`, [batchId]);
const content = await session.query(`SELECT content_id AS "contentId", neighbour_id AS "neighbourId", similarity AS score, shared FROM rec_content_neighbours WHERE batch_id = $1 ORDER BY content_id`, [batchId]);
console.log(`${users.length} learners' neighbours, ${model.length} model and ${content.length} content neighbour rows`);

for (const side of ['old', 'new']) {
  for (const table of ['rec_user_neighbours', 'rec_model_neighbours', 'rec_content_neighbours']) {
    await session.query(`DROP TABLE IF EXISTS ab_${side}_${table}`);
    await session.query(`CREATE TABLE ab_${side}_${table} (LIKE ${table} INCLUDING ALL)`);
  }
}
const readAt = new Date();
// The batch makes its staging table once per run, emptied at each commit.
await session.query(`CREATE TEMPORARY TABLE incoming (user_id uuid, neighbour_ids uuid[], similarities float8[]) ON COMMIT DELETE ROWS`);

const write = {
  async old(learners, items) {
    const t = 'ab_old_';
    await session.query(
      `WITH flat AS (
         SELECT owner, neighbour_id, similarity, n
           FROM unnest($2::int[], $3::uuid[], $4::float8[]) WITH ORDINALITY AS f (owner, neighbour_id, similarity, n)
       ), grouped AS (
         SELECT owner, array_agg(neighbour_id ORDER BY n) AS ids, array_agg(similarity ORDER BY n) AS similarities FROM flat GROUP BY owner
       )
       INSERT INTO ${t}rec_user_neighbours (user_id, neighbour_ids, similarities, computed_at)
       SELECT u.user_id, coalesce(g.ids, '{}'), coalesce(g.similarities, '{}'), $5
         FROM unnest($1::uuid[]) WITH ORDINALITY AS u (user_id, owner)
         LEFT JOIN grouped g ON g.owner = u.owner
       ON CONFLICT (user_id) DO UPDATE
          SET neighbour_ids = EXCLUDED.neighbour_ids, similarities = EXCLUDED.similarities, computed_at = EXCLUDED.computed_at
        WHERE ${t}rec_user_neighbours.computed_at < EXCLUDED.computed_at`,
      [
        learners.map((row) => row.userId),
        learners.flatMap((row, at) => row.neighbourIds.map(() => at + 1)),
        learners.flatMap((row) => row.neighbourIds),
        learners.flatMap((row) => row.similarities),
        readAt,
      ],
    );
    if (!items) return;
    await inTransaction(async () => {
      await session.query(
        `INSERT INTO ${t}rec_model_neighbours (batch_id, content_id, neighbour_id, score, co_purchases)
         SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::float8[], $5::int[])`,
        [batchId, items.model.map((row) => row.contentId), items.model.map((row) => row.neighbourId), items.model.map((row) => row.score), items.model.map((row) => row.coPurchases)],
      );
      await session.query(
        `INSERT INTO ${t}rec_content_neighbours (batch_id, content_id, neighbour_id, similarity, shared)
         SELECT $1, content_id, neighbour_id, similarity, ARRAY(SELECT jsonb_array_elements_text(shared))
           FROM unnest($2::uuid[], $3::uuid[], $4::float8[], $5::jsonb[]) AS row (content_id, neighbour_id, similarity, shared)`,
        [batchId, items.content.map((row) => row.contentId), items.content.map((row) => row.neighbourId), items.content.map((row) => row.score), items.content.map((row) => JSON.stringify(row.shared))],
      );
    });
  },
  async new(learners, items) {
    const t = 'ab_new_';
    await inTransaction(async () => {
      await copyRows(session, 'incoming', ['user_id', 'neighbour_ids', 'similarities'], learners.map((row) => [row.userId, row.neighbourIds, row.similarities]));
      await session.query(
        `INSERT INTO ${t}rec_user_neighbours (user_id, neighbour_ids, similarities, computed_at)
         SELECT user_id, neighbour_ids, similarities, $1 FROM incoming
         ON CONFLICT (user_id) DO UPDATE
            SET neighbour_ids = EXCLUDED.neighbour_ids, similarities = EXCLUDED.similarities, computed_at = EXCLUDED.computed_at
          WHERE ${t}rec_user_neighbours.computed_at < EXCLUDED.computed_at`,
        [readAt],
      );
    });
    if (!items) return;
    await inTransaction(async () => {
      await copyRows(session, `${t}rec_model_neighbours`, ['batch_id', 'content_id', 'neighbour_id', 'score', 'co_purchases'], items.model.map((row) => [batchId, row.contentId, row.neighbourId, row.score, row.coPurchases]));
      await copyRows(session, `${t}rec_content_neighbours`, ['batch_id', 'content_id', 'neighbour_id', 'similarity', 'shared'], items.content.map((row) => [batchId, row.contentId, row.neighbourId, row.score, row.shared]));
    });
  },
};

// Chunks: learners by the batch's learners-per-chunk, items by its items-per-chunk (rows grouped by content id).
const perLearners = Number(options['learners-per-chunk']);
const perItems = Number(options['items-per-chunk']);
const byItem = (rows) => {
  const groups = new Map();
  for (const row of rows) {
    const group = groups.get(row.contentId);
    if (group) group.push(row);
    else groups.set(row.contentId, [row]);
  }
  return groups;
};
const modelByItem = byItem(model);
const contentByItem = byItem(content);
// Every item with model or content neighbours, in content id order, as the batch walks them.
const itemIds = [...new Set([...modelByItem.keys(), ...contentByItem.keys()])].sort();
const learnerChunks = Math.ceil(users.length / perLearners);
const itemChunks = Math.ceil(itemIds.length / perItems);
const seconds = { old: { users: 0, items: 0 }, new: { users: 0, items: 0 } };
const load = [loadavg()[0]];
for (let chunk = 0; chunk < Math.max(learnerChunks, itemChunks); chunk++) {
  const learners = users.slice(chunk * perLearners, (chunk + 1) * perLearners);
  const slice = itemIds.slice(chunk * perItems, (chunk + 1) * perItems);
  const items = slice.length ? { model: slice.flatMap((id) => modelByItem.get(id) ?? []), content: slice.flatMap((id) => contentByItem.get(id) ?? []) } : null;
  // Alternate which side goes first, so neither always meets a warmer cache.
  for (const side of chunk % 2 === 0 ? ['old', 'new'] : ['new', 'old']) {
    let started = performance.now();
    if (learners.length) await write[side](learners, null);
    seconds[side].users += (performance.now() - started) / 1000;
    started = performance.now();
    if (items) await write[side]([], items);
    seconds[side].items += (performance.now() - started) / 1000;
  }
}
load.push(loadavg()[0]);

// Both sides wrote the same rows.
for (const table of ['rec_user_neighbours', 'rec_model_neighbours', 'rec_content_neighbours']) {
  const columns = table === 'rec_user_neighbours' ? 'user_id, neighbour_ids, similarities' : table === 'rec_content_neighbours' ? 'content_id, neighbour_id, similarity, shared' : 'content_id, neighbour_id, score, co_purchases';
  const [{ differ }] = await session.query(
    `SELECT count(*)::int AS differ FROM ((SELECT ${columns} FROM ab_old_${table} EXCEPT ALL SELECT ${columns} FROM ab_new_${table}) UNION ALL (SELECT ${columns} FROM ab_new_${table} EXCEPT ALL SELECT ${columns} FROM ab_old_${table})) d`,
  );
  const [{ n }] = await session.query(`SELECT count(*)::int AS n FROM ab_new_${table}`);
  console.log(`${table}: ${n} rows, ${differ} differ between the two ways of writing`);
}
for (const side of ['old', 'new']) {
  console.log(`${side === 'old' ? 'INSERT … unnest' : 'COPY'}: user-kNN neighbours ${seconds[side].users.toFixed(1)} s, model + content neighbours ${seconds[side].items.toFixed(1)} s`);
}
console.log(`load average ${load[0].toFixed(2)} at start, ${load[1].toFixed(2)} at end`);
for (const side of ['old', 'new']) for (const table of ['rec_user_neighbours', 'rec_model_neighbours', 'rec_content_neighbours']) await session.query(`DROP TABLE ab_${side}_${table}`);
await session.release();
await dataSource.destroy();

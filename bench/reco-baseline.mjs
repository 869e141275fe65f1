// Child process entry: the least a Node server can do to answer a learner's recommendations —
// raw Fastify + pg (a pool of 10, like the app's data source) sending the app's own statements
// and using the same pure functions. No authentication: the learner is named in the query string.
// Two routes: `/precomputed` reads what the app reads for a learner with a stored list (purchases,
// grants and the one row, PRECOMPUTED_LIST_SQL.read, in one round; servePrecomputed) and answers
// 409 when the row cannot be served; `/recommendations` sends the live computation's statements
// (MY_RECOMMENDATIONS_SQL and the grants query of commerce's GetOwnedContentIds, two rounds).
// Reports its port over IPC like bench/serve.mjs.
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../dist/libs/platform/src/index.js';
import { MY_RECOMMENDATIONS_SQL, popularCandidates, popularRowsNeeded, withLearners } from '../dist/libs/recommendation/src/queries/get-my-recommendations.js';
import { hybridCandidate, recommend, RECOMMENDATION_LIMIT } from '../dist/libs/recommendation/src/domain/ranking.js';
import { servePrecomputed } from '../dist/libs/recommendation/src/domain/precomputed-lists.js';
import { PRECOMPUTED_LIST_SQL } from '../dist/libs/recommendation/src/projections/precomputed-lists.js';

const config = loadConfig();
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
const GRANTS = `SELECT DISTINCT g.content_id FROM commerce_access_grants g WHERE g.user_id = $1 AND (g.revoked_at IS NULL AND g.valid_from <= now() AND (g.valid_to IS NULL OR g.valid_to > now()))`;
const limit = RECOMMENDATION_LIMIT.default;
const maxPerCreator = config.recommendationMaxPerCreator;

// The app's two rounds: purchases and grants side by side, then candidates and the popular fill side by side.
const server = Fastify({ logger: false });
server.get('/recommendations', async (request) => {
  const learnerId = request.query.user;
  const [purchased, entitled] = await Promise.all([pool.query(MY_RECOMMENDATIONS_SQL.purchased, [learnerId]), pool.query(GRANTS, [learnerId])]);
  const owned = [...new Set([...purchased.rows.map((row) => row.content_id), ...entitled.rows.map((row) => row.content_id)])];
  const [candidateRows, popularRows] = await Promise.all([
    pool.query(MY_RECOMMENDATIONS_SQL.candidates, [owned, learnerId]),
    pool.query(MY_RECOMMENDATIONS_SQL.popular, [owned, learnerId, popularRowsNeeded(limit, maxPerCreator)]),
  ]);
  const candidates = candidateRows.rows.map(hybridCandidate);
  const popular = popularRows.rows;
  const ranked = recommend({ learnerId, ownedContentIds: owned, candidates, popular: popularCandidates(popular), limit, maxPerCreator });
  return { items: withLearners(ranked, popular) };
});
// The app's one round for a learner with a stored list: purchases, grants and the row side by side.
server.get('/precomputed', async (request, reply) => {
  const learnerId = request.query.user;
  const [purchased, entitled, stored] = await Promise.all([
    pool.query(MY_RECOMMENDATIONS_SQL.purchased, [learnerId]),
    pool.query(GRANTS, [learnerId]),
    pool.query(PRECOMPUTED_LIST_SQL.read, [learnerId]),
  ]);
  const owned = [...new Set([...purchased.rows.map((row) => row.content_id), ...entitled.rows.map((row) => row.content_id)])];
  const items = stored.rows[0] ? servePrecomputed(stored.rows[0], learnerId, owned, limit) : null;
  if (!items) return reply.code(409).send({ error: 'no servable precomputed list' });
  return { items };
});
await server.listen({ port: 0, host: '127.0.0.1' });
const stop = async () => {
  await server.close();
  await pool.end();
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send({ port: server.server.address().port });

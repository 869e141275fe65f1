import pg from 'pg';
const { MY_RECOMMENDATIONS_SQL: SQL } = await import(process.env.DIST + '/libs/recommendation/src/queries/get-my-recommendations.js');
const client = new pg.Client({ connectionString: process.env.DB });
await client.connect();
const user = process.argv[2];
const owned = (await client.query(SQL.purchased, [user])).rows.map((r) => r.content_id);
const which = process.argv[3] ?? 'candidates,popular';
for (const name of which.split(',')) {
  const params = name === 'candidates' ? [owned, user] : name === 'learners' ? [JSON.parse(process.argv[4])] : [owned, user, 180];
  for (let i = 0; i < 3; i++) await client.query(SQL[name], params);
  const started = performance.now();
  for (let i = 0; i < 20; i++) await client.query(SQL[name], params);
  console.log(name, 'owned', owned.length, 'avg ms', ((performance.now() - started) / 20).toFixed(2));
  if (process.env.PLAN) {
    const { rows } = await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${SQL[name]}`, values: params });
    console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
}
await client.end();

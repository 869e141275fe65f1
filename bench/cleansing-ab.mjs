// `node bench/cleansing-ab.mjs --old=DIR [--new=.] [--rounds=3 --rows=100000 --prefill=200000 --batch=10000 --seed=7]`
// Cleansing of two builds, alternated on fresh databases with the same generated raw rows: each
// run (bench/cleansing-run.mjs, its own process) cleanses `prefill` rows untimed (the facts later
// batches are judged against), then times the cleansing of `rows` more. DIR holds the other build
// (`DIR/dist`, `DIR/package.json`, `DIR/node_modules`), e.g. main's, made with
//   git archive main | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/ && (cd /tmp/old && npx tsc -p tsconfig.build.json)
// Reports rows/s, and CPU seconds per 100,000 rows (the bench process and its PostgreSQL backends),
// which other work on the machine distorts less than wall time; and fails if the two builds'
// facts, quarantine or batch reports differ.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEnv } from './setup.mjs';

const args = process.argv.slice(2);
const text = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const number = (name, fallback) => {
  const value = Number(text(name, String(fallback)));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};
const builds = { old: text('old', undefined), new: text('new', '.') };
if (!builds.old) throw new Error('--old=DIR (a build to compare with) is required');
const settings = { rounds: number('rounds', 3), rows: number('rows', 100_000), prefill: number('prefill', 200_000), batch: number('batch', 10_000), seed: number('seed', 7) };

const runs = [];
for (let round = 0; round < settings.rounds; round++) {
  for (const build of round % 2 === 0 ? ['old', 'new'] : ['new', 'old']) {
    const load = os.loadavg()[0];
    const env = benchEnv('bench-cleansing', { ANALYTICS_CLEANSING_BATCH_SIZE: String(settings.batch), BENCH_CLEANSING: JSON.stringify(settings) });
    const output = execFileSync(process.execPath, [new URL('./cleansing-run.mjs', import.meta.url).pathname, path.resolve(builds[build])], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const run = { build, round, loadAverage: load, ...JSON.parse(output.trim().split('\n').at(-1)) };
    run.rowsPerSecond = settings.rows / run.seconds;
    run.cpuSecondsPer100k = ((run.nodeCpuSeconds + run.postgresCpuSeconds) * 100_000) / settings.rows;
    runs.push(run);
    console.log(
      `${build} round ${round + 1}: ${run.rowsPerSecond.toFixed(0)} rows/s (${run.seconds.toFixed(2)} s, ${run.batches} batches), CPU per 100k rows ${run.cpuSecondsPer100k.toFixed(2)} s (node ${run.nodeCpuSeconds.toFixed(2)} s + postgres ${run.postgresCpuSeconds.toFixed(2)} s), load ${load.toFixed(1)}; ${run.facts.n} facts, ${run.quarantine.n} quarantined`,
    );
  }
}
const first = runs[0];
const same = runs.every((run) => ['facts', 'quarantine', 'reports'].every((part) => run[part].d === first[part].d && run[part].n === first[part].n));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const summary = Object.fromEntries(
  ['old', 'new'].map((build) => {
    const mine = runs.filter((run) => run.build === build);
    return [build, { rowsPerSecond: median(mine.map((run) => run.rowsPerSecond)), cpuSecondsPer100k: median(mine.map((run) => run.cpuSecondsPer100k)) }];
  }),
);
for (const [build, figures] of Object.entries(summary)) {
  console.log(`${build}: median ${figures.rowsPerSecond.toFixed(0)} rows/s, ${figures.cpuSecondsPer100k.toFixed(2)} CPU s per 100k rows`);
}
console.log(same ? 'same facts, quarantine and batch reports from both builds' : 'DIFFERENT output between the builds');
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/cleansing-ab-latest.json', import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), machine: { cores: os.availableParallelism() }, settings, builds, summary, same, runs }, null, 2)}\n`,
);
if (!same) process.exit(1);

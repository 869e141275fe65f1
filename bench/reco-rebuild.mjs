// Rebuild time and memory of the recommendation models at 1,000,000 interactions x 20,000 items,
// on synthetic data from a fixed seed, with the built model code (dist/). Not part of npm test.
//
//   npm run build && node bench/reco-rebuild.mjs [--interactions N] [--items N] [--users N] [--seed N] [--models a,b]
//
// The data: items fall in 40 topics, each user has one; distinct (user, item) pairs are drawn for
// random users until there are N, 80 % from the user's topic and 20 % from the whole catalogue,
// both Zipf-skewed (a few items are very popular, most are rare), as in a real shop.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Interactions } from '../dist/libs/recommendation/src/models/interactions.js';
import { itemKnn } from '../dist/libs/recommendation/src/models/item-knn.js';
import { rp3beta } from '../dist/libs/recommendation/src/models/rp3beta.js';
import { ease } from '../dist/libs/recommendation/src/models/ease.js';
import { popularity } from '../dist/libs/recommendation/src/models/popularity.js';
import { restrictedToPopular } from '../dist/libs/recommendation/src/models/restricted.js';
import { topN } from '../dist/libs/recommendation/src/models/model.js';
import { seededRandom } from '../dist/libs/recommendation/src/models/random.js';

const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '1000000' },
    items: { type: 'string', default: '20000' },
    users: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
    models: { type: 'string' },
  },
});
const [total, items, users, seed] = ['interactions', 'items', 'users', 'seed'].map((key) => Number(values[key]));
const TOPICS = 40;
const random = seededRandom(seed);
const mb = (bytes) => Math.round(bytes / 2 ** 20);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** A Zipf(1)-skewed index in [0, n): the inverse of its cumulative distribution, approximated. */
const zipf = (n) => Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1)) - 1));

function generate() {
  const perTopic = Math.ceil(items / TOPICS);
  const seen = new Set();
  const entries = [];
  while (entries.length < total) {
    const u = Math.floor(random() * users);
    const topic = u % TOPICS;
    const item = random() < 0.8 ? Math.min(items - 1, topic * perTopic + zipf(perTopic)) : zipf(items);
    const key = u * items + item;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push([u, item, 1]);
  }
  return Interactions.from(users, items, entries);
}

const catalogue = [
  popularity,
  itemKnn({ k: 100, shrink: 0 }),
  rp3beta({ k: 100, alpha: 1, beta: 0.5 }),
  restrictedToPopular(ease({ lambda: 70, dropout: 0.25 }), 3000),
];
const wanted = values.models?.split(',');
const models = catalogue.filter((spec) => !wanted || wanted.some((name) => spec.name.startsWith(name)));

let started = performance.now();
const data = generate();
const report = {
  data: { interactions: data.size, users, items, seed, generateSeconds: +((performance.now() - started) / 1000).toFixed(1) },
  models: [],
};
for (const spec of models) {
  started = performance.now();
  const cpu = process.cpuUsage();
  const model = spec.train(data);
  const trainSeconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  // Serving one list: score every item for a user, drop their own, keep the top 10.
  const out = new Float64Array(items);
  const times = [];
  for (let n = 0; n < 1000; n++) {
    const u = Math.floor(random() * users);
    const own = new Set(data.history(u).items);
    const t = performance.now();
    model.scoreUser(u, out);
    topN(out, 10, (i) => own.has(i));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  report.models.push({
    model: spec.name,
    trainSeconds: +trainSeconds.toFixed(1),
    trainCpuSeconds: +((user + system) / 1e6).toFixed(1),
    heapMb: mb(process.memoryUsage().heapUsed),
    rssMb: mb(process.memoryUsage().rss),
    peakRssMb: peakRssMb(),
    listP50Ms: +times[500].toFixed(2),
    listP99Ms: +times[990].toFixed(2),
  });
  process.stderr.write(`${JSON.stringify(report.models.at(-1))}\n`);
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

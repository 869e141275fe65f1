// Quality of user-kNN with and without the per-item cap (RECOMMENDATION_USER_KNN_MAX_ITEM_LEARNERS) at the
// synthetic scale of `npm run bench:reco`: the same generator (bench/reco-data.mjs, same seed), a seeded
// per-user 80/20 holdout (`splitPerUser`, the protocol of `npm run reco:eval`: every held-out purchase is a
// positive), then precision@10, recall@10, nDCG@10 and coverage of `UserKnn` (k = 50, the served k) with
// the cap and without it, on the same seeded sample of learners. In memory, no database; the built model
// code (dist/), so `npm run build` first.
//
//   npm run build && node bench/reco-user-knn-cap.mjs [--interactions 1000000 --items 20000 --users 100000
//     --seed 1 --split-seed 42 --learners 2000 --caps 1000,100]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { evaluationData, measure, splitPerUser } from '../dist/libs/recommendation/src/models/evaluation.js';
import { seededRandom } from '../dist/libs/recommendation/src/models/random.js';
import { UserKnn } from '../dist/libs/recommendation/src/models/user-knn.js';
import { buildRecommendationData } from './reco-data.mjs';

const { values: options } = parseArgs({
  options: {
    interactions: { type: 'string', default: '1000000' },
    items: { type: 'string', default: '20000' },
    users: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'split-seed': { type: 'string', default: '42' },
    learners: { type: 'string', default: '2000' },
    caps: { type: 'string', default: '1000' },
  },
});
const K = 50;
const started = performance.now();
const load = [loadavg()[0]];

const data = buildRecommendationData({ interactions: Number(options.interactions), items: Number(options.items), users: Number(options.users), seed: Number(options.seed) });
const ratings = [];
for (let at = 0; at < data.size; at++) ratings.push({ user: data.userIds[data.pairUser[at]], item: data.itemIds[data.pairItem[at]], rating: 5 });
const { train, test } = splitPerUser(ratings, Number(options['split-seed']));
const all = evaluationData(train, test);

// The sample: learners with a held-out purchase (three or more purchases), drawn with a seed.
const candidates = [...all.positives.keys()].sort((a, b) => a - b);
const random = seededRandom(Number(options['split-seed']));
for (let i = candidates.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
}
const sample = candidates.slice(0, Number(options.learners));
const sampled = { ...all, positives: new Map(sample.map((user) => [user, all.positives.get(user)])), usersWithoutHistory: 0 };

// How many of the sample's training items pass each cap, and how much of their histories that hides.
const learnersOf = (item) => all.interactions.itemStart[item + 1] - all.interactions.itemStart[item];
const caps = options.caps.split(',').map(Number);
console.log(
  `${data.size} purchases, ${train.length} training and ${test.length} held out; ${candidates.length} learners with a held-out purchase, ${sample.length} sampled; most held item: ${Math.max(...Array.from({ length: all.interactions.items }, (_, item) => learnersOf(item)))} learners`,
);

const runs = [];
for (const cap of [Number.POSITIVE_INFINITY, ...caps]) {
  let hidden = 0;
  let historyItems = 0;
  let allHidden = 0;
  for (const user of sample) {
    const { items } = all.interactions.history(user);
    const over = items.filter((item) => learnersOf(item) > cap).length;
    hidden += over;
    historyItems += items.length;
    if (over === items.length) allHidden++;
  }
  const model = new UserKnn(all.interactions, { k: K, maxItemLearners: cap });
  const clock = performance.now();
  const report = measure(model, sampled);
  const run = {
    cap: Number.isFinite(cap) ? cap : null,
    itemsOverCap: Number.isFinite(cap) ? Array.from({ length: all.interactions.items }, (_, item) => learnersOf(item)).filter((n) => n > cap).length : 0,
    historyShareOverCap: hidden / historyItems,
    learnersWithEveryItemOverCap: allHidden,
    ...report,
    seconds: (performance.now() - clock) / 1000,
  };
  runs.push(run);
  console.log(JSON.stringify(run));
}
load.push(loadavg()[0]);
const result = {
  when: new Date().toISOString(),
  options,
  k: K,
  runs,
  loadAverage: load,
  seconds: (performance.now() - started) / 1000,
};
writeFileSync(new URL('./results/reco-user-knn-cap-latest.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(`load average ${load[0].toFixed(2)} at start, ${load[1].toFixed(2)} at end; written to bench/results/reco-user-knn-cap-latest.json`);

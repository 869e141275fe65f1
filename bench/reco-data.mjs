// The recommendation read model at scale, straight into a database with COPY (through psql, so no
// dependency is added): `interactions` distinct (user, item) purchases of `users` users over `items`
// published items, with creators, categories, tags and titles for the content model.
//
//   node bench/reco-data.mjs --database-url postgres://postgres@127.0.0.1:5432/db [--interactions 1000000 --items 20000 --users 100000 --seed 1]
//
// or imported: `generateRecommendationData(databaseUrl, options)`. The tables must exist and be
// empty (the bench recreates the database and applies every migration first).
//
// Shape, from a fixed seed, so every run has the same data:
// - item popularity follows a power law (Zipf, s = 1.1 over a random order of the items), so a few
//   items have tens of thousands of buyers and most have a handful;
// - user activity is Pareto-like (most users bought a few items, a few bought hundreds), scaled so
//   the distinct pairs add up to exactly `interactions`;
// - 40 categories (Zipf-sized); each user has a favourite one: 80 % of their picks come from it
//   (Zipf within it), 20 % from the whole catalogue;
// - 2,000 creators, Zipf-sized (a few publish hundreds of items); 300 tags, three per item, mostly
//   from its category's own tags; titles of three to six words from a 2,000-word vocabulary.
import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const CATEGORIES = 40;
const CREATORS = 2000;
const TAGS = 300;
const WORDS = 2000;
const IN_CATEGORY = 0.8;
/** The most any one user bought: a learner with 500 paid courses is already an outlier. */
const MAX_PER_USER = 500;

/** mulberry32: deterministic and fast. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random) {
  const hex = Array.from({ length: 16 }, (_, at) => {
    let byte = Math.floor(random() * 256);
    if (at === 6) byte = (byte & 0x0f) | 0x40;
    if (at === 8) byte = (byte & 0x3f) | 0x80;
    return byte.toString(16).padStart(2, '0');
  }).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Draws an index with probability ∝ 1 / (rank + 1)^s over `n` ranks (cumulative table + binary search). */
function zipf(n, s) {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) cumulative[r] = sum += 1 / (r + 1) ** s;
  return (random) => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function shuffled(n, random) {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

const syllables = ['zhi', 'ku', 'xue', 'data', 'py', 'rust', 'jin', 'ke', 'lun', 'fa', 'ma', 'ti', 'shu', 'li', 'wen', 'hua', 'go', 'net', 'ai', 'cai'];
function word(index) {
  let text = '';
  let rest = index;
  do {
    text += syllables[rest % syllables.length];
    rest = Math.floor(rest / syllables.length);
  } while (rest > 0);
  return text;
}

/** Builds the data set in memory (typed arrays where it counts). */
export function buildRecommendationData({ interactions = 1_000_000, items = 20_000, users = 100_000, seed = 1 } = {}) {
  const random = seededRandom(seed);
  const categoryIds = Array.from({ length: CATEGORIES }, () => uuidFrom(random));
  const creatorIds = Array.from({ length: CREATORS }, () => uuidFrom(random));
  const itemIds = Array.from({ length: items }, () => uuidFrom(random));
  const userIds = Array.from({ length: users }, () => uuidFrom(random));

  // Items: a category (Zipf-sized), a creator (Zipf-sized), tags, a title.
  const categoryOf = new Int32Array(items);
  const pickCategory = zipf(CATEGORIES, 0.8);
  const pickCreator = zipf(CREATORS, 1.0);
  const pickWord = zipf(WORDS, 1.0);
  const itemRows = [];
  for (let i = 0; i < items; i++) {
    const category = (categoryOf[i] = pickCategory(random));
    const tags = new Set();
    while (tags.size < 3) {
      // Two of three tags from the category's own seven or eight, the rest from anywhere.
      tags.add(random() < 0.67 ? `tag${(category * 7 + Math.floor(random() * 8)) % TAGS}` : `tag${Math.floor(random() * TAGS)}`);
    }
    const title = Array.from({ length: 3 + Math.floor(random() * 4) }, () => word(pickWord(random))).join(' ');
    const summary = Array.from({ length: 8 + Math.floor(random() * 8) }, () => word(pickWord(random))).join(' ');
    itemRows.push({ id: itemIds[i], creator: creatorIds[pickCreator(random)], category, tags: [...tags], title, summary });
  }

  // Popularity: Zipf over a random order of all items, and within each category over its items in that order.
  const rankOrder = shuffled(items, random);
  const globalPick = zipf(items, 1.1);
  const byCategory = Array.from({ length: CATEGORIES }, () => []);
  for (const item of rankOrder) byCategory[categoryOf[item]].push(item);
  const categoryPick = byCategory.map((members) => ({ members, pick: zipf(Math.max(members.length, 1), 1.1) }));
  const userCategory = Int32Array.from({ length: users }, () => pickCategory(random));

  // Activity: Pareto(1.6) draws scaled so the total is `interactions`, each at least 1 and at most 500 (or a quarter of the catalogue).
  const raw = Float64Array.from({ length: users }, () => (1 - random()) ** (-1 / 1.6));
  const cap = Math.max(1, Math.min(MAX_PER_USER, Math.floor(items / 4)));
  const counts = new Int32Array(users);
  let scale = interactions / raw.reduce((sum, x) => sum + x, 0);
  for (let round = 0; round < 30; round++) {
    let total = 0;
    for (let u = 0; u < users; u++) total += counts[u] = Math.min(cap, Math.max(1, Math.round(raw[u] * scale)));
    if (total === interactions) break;
    if (round < 29) scale *= interactions / total;
    else {
      // Settle the last difference one interaction at a time.
      let missing = interactions - total;
      for (let u = 0; missing !== 0; u = (u + 1) % users) {
        if (missing > 0 && counts[u] < cap) {
          counts[u]++;
          missing--;
        } else if (missing < 0 && counts[u] > 1) {
          counts[u]--;
          missing++;
        }
      }
    }
  }

  const pairUser = new Int32Array(interactions);
  const pairItem = new Int32Array(interactions);
  let at = 0;
  const seen = new Set();
  for (let u = 0; u < users; u++) {
    seen.clear();
    const home = categoryPick[userCategory[u]];
    while (seen.size < counts[u]) {
      // A heavy user exhausts their category's head: past a number of tries, pick anywhere.
      const item = random() < IN_CATEGORY && home.members.length > 0 && seen.size < home.members.length / 2 ? home.members[home.pick(random)] : rankOrder[globalPick(random)];
      if (seen.has(item)) continue;
      seen.add(item);
      pairUser[at] = u;
      pairItem[at++] = item;
    }
  }
  return { categoryIds, creatorIds, itemIds, userIds, itemRows, pairUser, pairItem, size: at };
}

/** COPY `lines` (already in text format) into `table (columns)` through psql. */
function copy(databaseUrl, table, columns, write) {
  return new Promise((resolve, reject) => {
    const psql = spawn('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `COPY ${table} (${columns}) FROM STDIN`], { stdio: ['pipe', 'inherit', 'inherit'] });
    psql.on('error', reject);
    psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY ${table} exited with ${code}`))));
    const chunks = [];
    let size = 0;
    const flush = (final) => {
      if (size > 0) {
        psql.stdin.write(chunks.join(''));
        chunks.length = 0;
        size = 0;
      }
      if (final) psql.stdin.end();
    };
    write((line) => {
      chunks.push(line);
      size += line.length;
      if (size > 1 << 20) flush(false);
    });
    flush(true);
  });
}

const textArray = (values) => `{${values.map((value) => `"${value}"`).join(',')}}`;

/** Generates the data set and writes it with COPY; returns what was written and how long it took. */
export async function generateRecommendationData(databaseUrl, options = {}) {
  const started = performance.now();
  const data = buildRecommendationData(options);
  const built = performance.now();
  const publishedAt = Date.parse('2026-01-01T00:00:00Z');
  await copy(databaseUrl, 'rec_categories', 'category_id, name, source_position', (line) => {
    data.categoryIds.forEach((id, c) => line(`${id}\tcategory ${c}\t0\n`));
  });
  // rec_items.category_id is the copy of rec_item_classes' that the projector keeps in step.
  await copy(databaseUrl, 'rec_items', 'content_id, title, kind, creator_id, published_at, purchase_count, source_position, summary, tags, category_id', (line) => {
    data.itemRows.forEach((item, i) =>
      line(
        `${item.id}\t${item.title}\tcourse\t${item.creator}\t${new Date(publishedAt + i * 60_000).toISOString()}\t0\t0\t${item.summary}\t${textArray(item.tags.slice(0, 1))}\t${data.categoryIds[item.category]}\n`,
      ),
    );
  });
  await copy(databaseUrl, 'rec_item_classes', 'content_id, category_id, tags, source_position', (line) => {
    data.itemRows.forEach((item) => line(`${item.id}\t${data.categoryIds[item.category]}\t${textArray(item.tags.slice(1))}\t0\n`));
  });
  await copy(databaseUrl, 'rec_purchases', 'user_id, content_id, purchased_at', (line) => {
    for (let at = 0; at < data.size; at++) {
      line(`${data.userIds[data.pairUser[at]]}\t${data.itemIds[data.pairItem[at]]}\t2026-06-01T00:00:00Z\n`);
    }
  });
  // What the projector keeps in step with each purchase it records: the learners per item.
  const counted = spawnSync('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', 'INSERT INTO rec_item_learners (content_id, learners) SELECT content_id, count(*) FROM rec_purchases GROUP BY content_id'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (counted.status !== 0) throw new Error('psql: counting the learners per item failed');
  const written = performance.now();
  return {
    interactions: data.size,
    items: data.itemIds.length,
    users: data.userIds.length,
    buildSeconds: (built - started) / 1000,
    copySeconds: (written - built) / 1000,
    userIds: data.userIds,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      interactions: { type: 'string', default: '1000000' },
      items: { type: 'string', default: '20000' },
      users: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (!values['database-url']) throw new Error('--database-url is required (a migrated, empty database)');
  const result = await generateRecommendationData(values['database-url'], {
    interactions: Number(values.interactions),
    items: Number(values.items),
    users: Number(values.users),
    seed: Number(values.seed),
  });
  console.log(JSON.stringify({ ...result, userIds: undefined }));
}

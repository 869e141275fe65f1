// `npm run bench:search [-- --no-build --items=50000 --via-events=3000 --seconds=10 --concurrency=4]`
// Search latency on a seeded catalogue: `items` published contents (titles, tags, summaries and
// lesson headings drawn from ~70 Chinese and English topics) appended through the app's EventStore,
// so the real inline projectors segment (jieba) and index them. Then, for a fixed mixed query set
// (Chinese, English, mixed, typos, partial words, filters), p50/p95/p99 of GET /api/v1/search over
// HTTP against the built api in its own process, and the same SQL statements run straight through
// `pg` (the baseline: the least the database needs for the same answer), as a ratio.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { benchEnv, buildUnlessAsked } from './setup.mjs';

const ROOT = new URL('..', import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const arg = args.find((candidate) => candidate.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
};
const settings = {
  items: option('items', 50_000),
  /** Items appended through the EventStore (segmented and indexed by the real projectors); the rest are copies of them with new ids, made in SQL, because appending 50,000 streams takes most of an hour on a loaded 2-core machine. */
  viaEvents: option('via-events', 3000),
  seconds: option('seconds', 10),
  concurrency: option('concurrency', 4),
};
const env = benchEnv('bench-search');
buildUnlessAsked(args, ROOT);

const { loadConfig, EventStore, noMetadata } = await import('../dist/libs/platform/src/index.js');
const { createApi } = await import('../dist/apps/api/src/bootstrap.js');
const { recreateDatabase } = await import('./database.mjs');
const { DataSource } = await import('typeorm');

const TOPICS = [
  'Python', '数据分析', '机器学习', '深度学习', 'React', 'Vue', 'Go语言', 'Rust', 'SQL', 'PostgreSQL', 'Kubernetes', 'Docker',
  '产品经理', '理财', '经济学', '中国历史', '心理学', '写作', '商务英语', '雅思', '摄影', '烹饪', '健身', '数据可视化', '统计学',
  'Excel', 'Spark', '大语言模型', '计算机视觉', '自然语言处理', '算法', 'Linux', 'Web安全', 'UI设计', '团队管理', 'Java', 'TypeScript',
  'Node.js', '微服务', '分布式系统', '操作系统', '计算机网络', '编译原理', '区块链', '量化交易', '会计', '法律常识', '育儿', '营养学',
  '时间管理', '演讲', '谈判', '领导力', '创业', '市场营销', '品牌', '短视频运营', '直播带货', '书法', '钢琴', '吉他', '绘画', '日语',
  '韩语', '法语', '考研数学', '高中物理', '初中化学', 'Figma', 'Swift', 'Kotlin', 'Flutter',
];
const FORMS = ['实战', '入门', '进阶', '精讲', '从零开始', '高手之路', '核心原理', '案例课', 'handbook', 'in practice', 'crash course', '面试指南'];
const KINDS = ['course', 'column', 'article', 'audio', 'video'];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same catalogue. */
function randomSource(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[int(0, items.length - 1)];
  const uuid = () => {
    const bytes = Array.from({ length: 16 }, () => int(0, 255));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  return { int, pick, uuid };
}

/** drafted → submitted → approved for each item, 200 streams per transaction. */
async function seed(app) {
  const store = app.get(EventStore);
  const dataSource = app.get(DataSource);
  const random = randomSource(20261128);
  const creators = Array.from({ length: 500 }, () => random.uuid());
  const moderatorId = random.uuid();
  const started = performance.now();
  const viaEvents = Math.min(settings.viaEvents, settings.items);
  for (let from = 0; from < viaEvents; from += 200) {
    await dataSource.transaction(async (manager) => {
      for (let index = from; index < Math.min(viaEvents, from + 200); index++) {
        const contentId = random.uuid();
        const topic = random.pick(TOPICS);
        const other = random.pick(TOPICS);
        const listing = {
          contentId,
          creatorId: random.pick(creators),
          kind: random.pick(KINDS),
          title: `${topic}${random.pick(FORMS)} 第${index % 97}期`,
          summary: `${topic}与${other}的${random.pick(FORMS)}：${random.pick(FORMS)}，${random.pick(TOPICS)}`,
          priceCents: random.int(0, 3) === 0 ? 0 : random.int(1, 50) * 100,
          currency: 'CNY',
          tags: [...new Set([topic.toLowerCase(), random.pick(TOPICS).toLowerCase()])],
        };
        const lessons = Array.from({ length: random.int(3, 8) }, (_, n) => ({ lessonId: random.uuid(), title: `第${n + 1}讲 ${random.pick(TOPICS)}${random.pick(FORMS)}`, body: 'body', preview: n === 0 }));
        await store.append(
          {
            streamId: `content-${contentId}`,
            streamType: 'content',
            expectedVersion: 0,
            events: [
              { type: 'catalog.content-drafted', data: { ...listing, lessons } },
              { type: 'catalog.content-submitted', data: { contentId } },
              { type: 'catalog.content-approved', data: { ...listing, moderatorId, publishedAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString() } },
            ],
            metadata: noMetadata(),
          },
          manager,
        );
      }
    });
  }
  // Copies with fresh ids (and fresh publication times) up to `items`, documents and contents alike.
  for (let copied = viaEvents; copied < settings.items; copied += viaEvents) {
    const n = Math.min(viaEvents, settings.items - copied);
    await dataSource.query(
      `WITH source AS (SELECT *, gen_random_uuid() AS new_id, row_number() OVER (ORDER BY content_id) AS n FROM catalog_search_documents ORDER BY content_id LIMIT $1),
       contents AS (INSERT INTO catalog_contents (id, creator_id, kind, title, summary, price_cents, currency, tags, lessons, status, created_at, updated_at, published_at)
                    SELECT new_id, creator_id, kind, title, summary, price_cents, currency, tags, '[]', 'published', now(), now(), published_at + make_interval(mins => ($2 + n)::int) FROM source)
       INSERT INTO catalog_search_documents (content_id, creator_id, status, kind, price_cents, currency, category_id, published_at, title, summary, tags, headings, document, fuzzy_text)
       SELECT new_id, creator_id, status, kind, price_cents, currency, category_id, published_at + make_interval(mins => ($2 + n)::int), title, summary, tags, headings, document, fuzzy_text FROM source`,
      [n, copied],
    );
  }
  await dataSource.query('VACUUM ANALYZE catalog_search_documents');
  return (performance.now() - started) / 1000;
}

const QUERIES = [
  'q=数据分析', 'q=Python%20数据分析', 'q=机器学习实战', 'q=react', 'q=postgresql', 'q=kubernetes%20入门', 'q=商务英语',
  'q=大语言模型', 'q=pyhton', 'q=kubernets', 'q=typescript%20handbook', 'q=中国历史&kind=audio', 'q=理财&price=free',
  'q=深度学习&limit=5', 'q=数据可视化', 'q=in%20practice', 'q=算法%20面试指南', 'q=编译原理', 'q=短视频运营', 'q=flutter',
].map((query) => `/api/v1/search?${query}`);

/** Seeds, then captures the statements the app sends for each query (for the baseline) and its answer. */
async function prepare(config) {
  await recreateDatabase(config.databaseUrl);
  const app = await createApi(config);
  try {
    const seconds = await seed(app);
    const dataSource = app.get(DataSource);
    const logger = dataSource.logger;
    const captured = [];
    for (const path of QUERIES) {
      const sent = [];
      dataSource.logger = Object.assign(Object.create(logger), { logQuery: (query, parameters) => sent.push({ query, parameters }) });
      const response = await app.inject({ method: 'GET', url: path });
      dataSource.logger = logger;
      if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
      captured.push({ path, total: response.json().total, statements: sent.filter(({ query }) => !/^(START TRANSACTION|BEGIN|COMMIT)/.test(query)) });
    }
    return { seconds, captured };
  } finally {
    await app.close();
  }
}

function get(agent, url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const summary = (latencies, seconds) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: sorted.length, perSecond: sorted.length / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};

/** `concurrency` closed loops, each cycling through the query set, for `seconds`. */
async function measure(send) {
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + settings.seconds * 1000;
  await Promise.all(
    Array.from({ length: settings.concurrency }, async (_, loop) => {
      for (let i = loop; performance.now() < deadline; i++) {
        const at = performance.now();
        if (await send(i % QUERIES.length)) latencies.push(performance.now() - at);
        else errors++;
      }
    }),
  );
  return { ...summary(latencies, settings.seconds), errors };
}

const config = loadConfig(env);
const { seconds: seedSeconds, captured } = await prepare(config);
console.log(`seeded ${settings.items} published contents (${Math.min(settings.viaEvents, settings.items)} through events, the rest copied in SQL) in ${seedSeconds.toFixed(0)} s; matches per query: ${captured.map((c) => c.total).join(', ')}`);

// Ours: the built api in its own process, over HTTP.
const server = fork(new URL('./serve.mjs', import.meta.url), ['app'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const port = await new Promise((resolve) => server.once('message', (message) => resolve(message.port)));
const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
const viaHttp = (i) => get(agent, `http://127.0.0.1:${port}${QUERIES[i]}`).then((status) => status === 200, () => false);
await measure(viaHttp); // warm-up, not counted
const ours = await measure(viaHttp);
server.send('stop');
agent.destroy();

// Baseline: the same statements with the same parameters, straight through pg, in one transaction each as the app sends them.
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
const viaPg = async (i) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const { query, parameters } of captured[i].statements) await client.query(query, parameters);
    await client.query('COMMIT');
    return true;
  } catch {
    await client.query('ROLLBACK').catch(() => undefined);
    return false;
  } finally {
    client.release();
  }
};
await measure(viaPg);
const baseline = await measure(viaPg);
await pool.end();

const round = (value) => Math.round(value * 10) / 10;
const result = {
  settings,
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map(round) },
  ours: { ...ours, p50: round(ours.p50), p95: round(ours.p95), p99: round(ours.p99), perSecond: round(ours.perSecond) },
  baseline: { ...baseline, p50: round(baseline.p50), p95: round(baseline.p95), p99: round(baseline.p99), perSecond: round(baseline.perSecond) },
  ratio: { p50: round(ours.p50 / baseline.p50), p95: round(ours.p95 / baseline.p95), perSecond: round(ours.perSecond / baseline.perSecond) },
};
console.table({ ours: result.ours, baseline: result.baseline });
console.log(`p95 ${result.ours.p95} ms over HTTP (target < 50 ms), ${result.ratio.p95}x the raw-pg baseline's p95; load average ${result.machine.loadAverage.join(' ')} on ${result.machine.cpus} cores`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/search-latest.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
if (ours.errors > 0 || baseline.errors > 0) process.exit(1);

// The benchmark's own database: dropped, recreated, migrated, then seeded through the EventStore
// so catalog_contents is built by the real inline projectors.
import pg from 'pg';
import { DataSource } from 'typeorm';
import { EventStore, noMetadata, runMigrations } from '../dist/libs/platform/src/index.js';
import { allMigrations } from '../dist/apps/api/src/migrations.js';

const KINDS = ['course', 'column', 'article', 'audio', 'video'];
const TAGS = ['python', 'rust', 'finance', 'history', 'writing', 'design', 'health', 'math', 'english', 'career'];
const WORDS = ['知识', '学习', '课程', '实战', '入门', '进阶', 'guide', 'deep dive', 'notes', 'handbook', '精讲', '案例'];

/** Drops and recreates the database named in `databaseUrl`, then applies every migration. */
export async function recreateDatabase(databaseUrl) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected benchmark database name "${name}"`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  await runMigrations({ databaseUrl }, allMigrations);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same catalog. */
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
  const words = (count) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  return { int, pick, uuid, words };
}

function draftedEvent(random, creatorId, contentId) {
  const lessons = Array.from({ length: random.int(3, 12) }, (_, index) => ({
    lessonId: random.uuid(),
    title: `第${index + 1}讲 ${random.words(3)}`,
    body: random.words(random.int(80, 300)),
    preview: index === 0,
  }));
  const tags = [...new Set(Array.from({ length: random.int(1, 4) }, () => random.pick(TAGS)))];
  return {
    type: 'catalog.content-drafted',
    data: {
      contentId,
      creatorId,
      kind: random.pick(KINDS),
      title: random.words(random.int(2, 6)),
      summary: random.words(random.int(10, 40)),
      priceCents: random.int(0, 50) * 100,
      currency: 'CNY',
      tags,
      lessons,
    },
  };
}

/**
 * Appends drafted → submitted → approved for `published` contents (and drafted only for `drafts`,
 * which the public list must filter out), `batchSize` streams per transaction.
 */
export async function seedContents(app, { published, drafts, batchSize = 100 }) {
  const store = app.get(EventStore);
  const dataSource = app.get(DataSource);
  const random = randomSource(20261127);
  const creators = Array.from({ length: 50 }, () => random.uuid());
  const moderatorId = random.uuid();
  const newest = Date.parse('2026-11-01T00:00:00.000Z');

  const appends = [];
  for (let index = 0; index < published + drafts; index++) {
    const contentId = random.uuid();
    const creatorId = random.pick(creators);
    const drafted = draftedEvent(random, creatorId, contentId);
    const events = [drafted];
    if (index < published) {
      const { kind, title, summary, priceCents, currency, tags } = drafted.data;
      const publishedAt = new Date(newest - index * 3_600_000).toISOString();
      events.push(
        { type: 'catalog.content-submitted', data: { contentId } },
        {
          type: 'catalog.content-approved',
          data: { contentId, moderatorId, creatorId, kind, title, summary, priceCents, currency, tags, publishedAt },
        },
      );
    }
    appends.push({
      streamId: `content-${contentId}`,
      streamType: 'content',
      expectedVersion: 0,
      events,
      metadata: { ...noMetadata(), actorId: creatorId },
    });
  }

  for (let start = 0; start < appends.length; start += batchSize) {
    await dataSource.transaction(async (tx) => {
      for (const request of appends.slice(start, start + batchSize)) await store.append(request, tx);
    });
  }
  // Fresh planner statistics, as autovacuum would have them on a live system.
  await dataSource.query('VACUUM ANALYZE catalog_contents');
}

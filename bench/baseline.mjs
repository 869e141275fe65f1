// The baseline: raw Fastify 5 + pg serving the same list with the same SQL and JSON shape,
// without Nest, guards, CASL, CQRS, class-validator or TypeORM.
import Fastify from 'fastify';
import pg from 'pg';

/**
 * Copied from what ListContentsHandler sends for an anonymous caller (captured through TypeORM's
 * logger); run.mjs re-captures it each run and stops if the two differ. TypeORM inlines LIMIT.
 */
export function listSql(limit) {
  return (
    'SELECT "c"."id" AS "id", "c"."kind" AS "kind", "c"."title" AS "title", "c"."summary" AS "summary", ' +
    '"c"."currency" AS "currency", "c"."tags" AS "tags", "c"."status" AS "status", "c"."price_cents" AS "price_cents", ' +
    '"c"."creator_id" AS "creator_id", "c"."published_at" AS "published_at", "c"."created_at" AS "created_at", ' +
    'jsonb_array_length("c"."lessons") AS "lesson_count" FROM "catalog_contents" "c" ' +
    'WHERE ("c"."status" = $1) AND "c"."status" = $2 ' +
    `ORDER BY "c"."published_at" DESC, "c"."id" DESC LIMIT ${limit + 1}`
  );
}
export const LIST_PARAMS = ['published', 'published'];

const encodeCursor = (key) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Same pool size as the app's TypeORM data source (`extra.max`). */
export async function createBaseline(databaseUrl) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, application_name: 'zhiku-bench-baseline' });
  const app = Fastify();
  app.addHook('onClose', () => pool.end());

  app.get('/api/v1/contents', async (request, reply) => {
    const raw = request.query.limit;
    const limit = raw === undefined ? 20 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send({ code: 'HTTP.INVALID_INPUT' });

    const { rows } = await pool.query(listSql(limit), LIST_PARAMS);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        summary: row.summary,
        priceCents: row.price_cents,
        currency: row.currency,
        tags: row.tags,
        creatorId: row.creator_id,
        status: row.status,
        publishedAt: row.published_at?.toISOString() ?? null,
        lessonCount: Number(row.lesson_count),
      })),
      nextCursor: hasMore && last ? encodeCursor([last.published_at.toISOString(), last.id]) : null,
    };
  });
  return app;
}

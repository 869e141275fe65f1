import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { namedItems, PRECOMPUTED_LIST_LENGTH, type StoredList } from '../domain/precomputed-lists.js';
import type { Recommendation } from '../domain/ranking.js';
import { GetMyRecommendations, ownedContentIds } from '../queries/get-my-recommendations.js';

/** How much work one step of the precompute after a batch does. */
export interface PrecomputeSettings {
  /** Learners whose lists one statement writes (one short transaction). */
  readonly learnersPerChunk: number;
  /** Lists computed side by side within a chunk (each is the live computation's statements). */
  readonly concurrency: number;
}

export const DEFAULT_PRECOMPUTE_SETTINGS: PrecomputeSettings = { learnersPerChunk: 200, concurrency: 4 };

/**
 * The statements, exported so the benchmark's raw-`pg` baseline sends the very same text.
 * `read` ($1 learner) is the one row, only while its batch is the current one, with what the read
 * must see fresh about every item the list names: whether it is still listed (a row of rec_items),
 * its title, kind, creator, category and when it was published, and its learners now
 * (rec_item_learners, for the popular picks' reasons).
 */
export const PRECOMPUTED_LIST_SQL = {
  read: `SELECT l.basis, l.items, l.complete,
          (SELECT coalesce(jsonb_object_agg(i.content_id, jsonb_build_object(
                    'title', i.title, 'kind', i.kind, 'creatorId', i.creator_id, 'categoryId', i.category_id,
                    'category', cat.name, 'publishedAt', i.published_at, 'learners', coalesce(bought.learners, 0))), '{}'::jsonb)
             FROM rec_items i
             LEFT JOIN rec_categories cat ON cat.category_id = i.category_id
             LEFT JOIN rec_item_learners bought ON bought.content_id = i.content_id
            WHERE i.content_id = ANY(l.item_ids)) AS listed
     FROM rec_precomputed_lists l
     JOIN rec_current_batch batch ON batch.batch_id = l.batch_id
    WHERE l.user_id = $1`,
  // A list computed earlier never replaces one computed later (a refresh and the batch's pass racing).
  write: `INSERT INTO rec_precomputed_lists (user_id, batch_id, basis, item_ids, items, complete, computed_at)
     SELECT r.user_id, r.batch_id, r.basis, r.item_ids, r.items, r.complete, r.computed_at
       FROM jsonb_to_recordset($1::jsonb) AS r(user_id uuid, batch_id text, basis uuid[], item_ids uuid[], items jsonb, complete boolean, computed_at timestamptz)
      ORDER BY r.user_id
     ON CONFLICT (user_id) DO UPDATE
        SET batch_id = EXCLUDED.batch_id, basis = EXCLUDED.basis, item_ids = EXCLUDED.item_ids, items = EXCLUDED.items,
            complete = EXCLUDED.complete, computed_at = EXCLUDED.computed_at
      WHERE rec_precomputed_lists.computed_at <= EXCLUDED.computed_at`,
} as const;

interface ComputedList {
  readonly user_id: string;
  readonly batch_id: string;
  readonly basis: string[];
  readonly item_ids: string[];
  readonly items: Recommendation[];
  readonly complete: boolean;
  readonly computed_at: string;
}

/**
 * Learners' hybrid lists computed ahead of the read, one row each (rec_precomputed_lists). The list
 * is the live computation's own (`GetMyRecommendations`, the hybrid, PRECOMPUTED_LIST_LENGTH
 * picks), so the two never differ in how it is made; the row records the batch and what the
 * learner owned, and the read serves it only while both still hold (`servePrecomputed`).
 * Computed for every learner with an interaction after each batch (`precomputeAfterBatch`), and
 * again for one learner whenever their own interactions change (`refresh`).
 */
@Injectable()
export class PrecomputedLists {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  /** The learner's stored list of the current batch, with its items as they are now; null when there is none. */
  async read(learnerId: string): Promise<StoredList | null> {
    const [row]: StoredList[] = await this.dataSource.query(PRECOMPUTED_LIST_SQL.read, [learnerId]);
    return row ?? null;
  }

  /** Recomputes one learner's list from what they own and the current batch (nothing before the first batch). */
  async refresh(learnerId: string): Promise<void> {
    const batchId = await this.currentBatch();
    if (batchId) await this.write([await this.compute(learnerId, batchId)]);
  }

  /**
   * Computes the list of every learner with a purchase, a signal or a browsed lesson for `batchId`,
   * a chunk of learners per statement (each a short transaction), in learner id order; learners
   * whose list already belongs to the batch are skipped, so a rerun continues where it stopped.
   * Stops when another batch has become current (its own pass follows). Returns the learners computed.
   */
  async precomputeAfterBatch(
    batchId: string,
    settings: PrecomputeSettings,
    reportProgress: (done: number, total: number) => Promise<unknown>,
  ): Promise<{ computed: number; learners: number }> {
    // Fresh statistics for what the batch has just written: planned on stale ones (a one-row rec_current_batch
    // taken for 133 rows, neighbourhood tables for the empty tables they were) the candidates statement
    // scans both neighbourhood tables, ~0.5 s a learner at 1,000,000 purchases, instead of walking their index.
    await this.dataSource.query(`ANALYZE rec_current_batch, rec_model_neighbours, rec_content_neighbours`);
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(DISTINCT user_id)::int AS total FROM rec_purchases`);
    let after = '00000000-0000-0000-0000-000000000000';
    let learners = 0;
    let computed = 0;
    for (;;) {
      if ((await this.currentBatch()) !== batchId) break;
      const chunk = await this.learnersAfter(after, settings.learnersPerChunk);
      if (chunk.length === 0) break;
      after = chunk[chunk.length - 1]!;
      learners += chunk.length;
      const done: { user_id: string }[] = await this.dataSource.query(
        `SELECT user_id FROM rec_precomputed_lists WHERE user_id = ANY($1::uuid[]) AND batch_id = $2`,
        [chunk, batchId],
      );
      const skip = new Set(done.map((row) => row.user_id));
      const lists = await inParallel(chunk.filter((id) => !skip.has(id)), settings.concurrency, (learnerId) => this.compute(learnerId, batchId));
      await this.write(lists);
      computed += lists.length;
      await reportProgress(learners, Math.max(total, learners));
    }
    return { computed, learners };
  }

  /** The next learners (by id) who have a purchase, a signal or a browsed lesson: three index walks merged. */
  private async learnersAfter(after: string, count: number): Promise<string[]> {
    const walks = await Promise.all(
      ['rec_purchases', 'rec_signals', 'rec_browsed'].map(
        (table) =>
          this.dataSource.query(`SELECT DISTINCT user_id FROM ${table} WHERE user_id > $1 ORDER BY user_id LIMIT $2`, [after, count]) as Promise<
            { user_id: string }[]
          >,
      ),
    );
    // uuids order as their lower-case text does, as PostgreSQL orders them.
    return [...new Set(walks.flat().map((row) => row.user_id))].sort().slice(0, count);
  }

  private async currentBatch(): Promise<string | null> {
    const [row]: { batch_id: string }[] = await this.dataSource.query(`SELECT batch_id FROM rec_current_batch`);
    return row?.batch_id ?? null;
  }

  /** The live computation, with the time it started (a later computation wins) and the basis it saw. */
  private async compute(learnerId: string, batchId: string): Promise<ComputedList> {
    const computedAt = new Date().toISOString();
    const owned = await ownedContentIds(this.dataSource, this.queries, learnerId);
    const { items } = await this.queries.execute(new GetMyRecommendations(learnerId, PRECOMPUTED_LIST_LENGTH, 'hybrid', owned));
    return {
      user_id: learnerId,
      batch_id: batchId,
      basis: owned,
      item_ids: namedItems(items),
      items,
      complete: items.length < PRECOMPUTED_LIST_LENGTH,
      computed_at: computedAt,
    };
  }

  private async write(lists: readonly ComputedList[]): Promise<void> {
    if (lists.length > 0) await this.dataSource.query(PRECOMPUTED_LIST_SQL.write, [JSON.stringify(lists)]);
  }
}

/** Maps `ids` with at most `concurrency` calls in flight, keeping their order. */
async function inParallel<T>(ids: readonly string[], concurrency: number, work: (id: string) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(ids.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
      while (next < ids.length) {
        const at = next++;
        results[at] = await work(ids[at]!);
      }
    }),
  );
  return results;
}

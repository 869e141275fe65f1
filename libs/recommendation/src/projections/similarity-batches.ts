import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import { copyRows } from '#platform';
import { type TrainedServingModel, trainServingModel } from './serving-model.js';

export interface SimilarityBatch {
  /** What triggered it (`event-<position>` or the scheduler's job id): a batch runs once per trigger. */
  readonly id: string;
  readonly trigger: 'schedule' | 'manual';
  readonly requestedBy: string | null;
}

export interface BatchOutcome {
  readonly batchId: string;
  readonly ran: boolean;
  readonly items: number;
  readonly pairs: number;
}

/** How much work one short transaction (or one statement) of a batch does. */
export interface SimilarityBatchSettings {
  /** Content ids whose neighbours one transaction computes. */
  readonly contentIdsPerChunk: number;
  /** Items whose purchase count one transaction refreshes. */
  readonly itemsPerPopularityChunk: number;
  /** Learners whose user-kNN neighbours one short transaction writes. */
  readonly learnersPerChunk: number;
  /** Rows of a batch nobody reads any more that one statement deletes. */
  readonly rowsPerDiscardChunk: number;
  /** How long to wait before asking again for the batch lock while another worker holds it. */
  readonly lockRetryMs: number;
  /** EASE serves only while it costs at most this many multiply-adds (RECOMMENDATION_EASE_MAX_WORK); else the sparse models. */
  readonly easeMaxWork: number;
  /** User-kNN ignores items with more learners when finding neighbours (RECOMMENDATION_USER_KNN_MAX_ITEM_LEARNERS); default USER_KNN_MAX_ITEM_LEARNERS. */
  readonly userKnnMaxItemLearners?: number;
}

export const DEFAULT_SIMILARITY_BATCH_SETTINGS: SimilarityBatchSettings = {
  contentIdsPerChunk: 200,
  itemsPerPopularityChunk: 5000,
  learnersPerChunk: 1000,
  rowsPerDiscardChunk: 10_000,
  lockRetryMs: 1000,
  easeMaxWork: 5e10,
};

/** Provide this token to change the chunk sizes (tests make them tiny). */
export const SIMILARITY_BATCH_SETTINGS = Symbol('SimilarityBatchSettings');

/** The application_name of the batch's connection, so pg_stat_activity tells it apart. */
export const SIMILARITY_BATCH_APPLICATION_NAME = 'zhiku-similarity-batch';

/** The tables whose rows belong to a batch, read through rec_current_batch. */
const BATCH_TABLES = ['rec_neighbours', 'rec_model_neighbours', 'rec_content_neighbours'] as const;

/** The session's temporary table a slice of user-kNN neighbours is copied into before its upsert. */
const USER_NEIGHBOURS_INCOMING = 'rec_user_neighbours_incoming';

/** One batch at a time across all workers (the same key the batch always used). */
const BATCH_LOCK = `hashtext('recommendation-similarity-batch')`;

/** The batch being built, as rec_batch_in_progress records it after its last committed chunk. */
interface BatchInProgress {
  readonly batchId: string;
  readonly phase: 'neighbours' | 'model' | 'popularity';
  /** The phase is done for every content id up to this one (null: not started). */
  readonly afterContentId: string | null;
  /** Content ids done in this phase. */
  readonly processed: number;
  readonly items: number;
  readonly pairs: number;
}

const IN_PROGRESS_COLUMNS = `batch_id AS "batchId", phase, after_content_id AS "afterContentId", processed, items, pairs`;

/**
 * Item-to-item similarity from co-purchases: cosine = co_count / sqrt(count_a * count_b), the top
 * NEIGHBOURS_PER_ITEM kept per item; then the serving model (the hybrid `npm run reco:eval`
 * measures, or its sparse form when the data is too large for EASE) trained on the purchases,
 * written as each item's neighbourhood under it, with the content model's neighbours and the terms
 * they share; plus each item's purchase count for the popular fill. The co-purchases and the models
 * are computed together on a worker thread from one read of the purchases (`trainServingModel`),
 * then written a slice per transaction, with COPY.
 *
 * No transaction spans a batch: the event store's subscribers wait for the cluster-wide xmin
 * horizon, which any long transaction holds back. Instead:
 * - rows of rec_neighbours carry the id of the batch they belong to, and readers join them through
 *   rec_current_batch, a one-row pointer. A batch writes its rows under its own id, a slice of
 *   content ids per transaction; readers keep seeing the previous batch, complete, until the
 *   switch, one short transaction that records the batch in rec_batches and moves the pointer.
 *   Rows no reader can reach any more are deleted afterwards, a bounded number per statement.
 * - each chunk commits its rows together with the cursor and the counts in rec_batch_in_progress,
 *   so a batch that failed half way (a BullMQ retry reruns it) continues after its last chunk.
 * - one batch at a time across workers: a session-level advisory lock on a dedicated connection,
 *   which is idle, outside any transaction, between chunks. It is tried, never waited for inside
 *   PostgreSQL: a statement blocked on a lock holds back xmin as long as it waits.
 * - popularity (rec_items.purchase_count) is refreshed in place, a slice of items per transaction,
 *   just before the switch: during that phase the popular fill mixes fresh and previous counts,
 *   each of them true when it was counted. Only the neighbours are switched atomically.
 *
 * Neighbours and models are computed from the purchases as they were read when training started
 * (popularity counts them again as each slice runs); purchases recorded during a batch count in
 * the next. Progress is reported after every chunk and during training, in the job and in the run
 * record.
 */
@Injectable()
export class SimilarityBatches {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional()
    @Inject(SIMILARITY_BATCH_SETTINGS)
    private readonly settings: SimilarityBatchSettings = DEFAULT_SIMILARITY_BATCH_SETTINGS,
  ) {}

  async rebuild(batch: SimilarityBatch, reportProgress: (percent: number) => Promise<unknown>): Promise<BatchOutcome> {
    return this.holdingTheBatchLock(async (session) => {
      // The job's progress, and the same figure with the step in the run record admins read.
      const progress = new BatchProgress(reportProgress, (percent, step) =>
        session.query(`UPDATE rec_batch_in_progress SET progress = $1, step = $2 WHERE batch_id = $3`, [percent, step, batch.id]),
      );
      const finished = await this.finishedBatch(session, batch.id);
      if (finished) {
        // A rerun: nothing to compute, but finish a cleanup the first run may not have completed.
        await this.discardRowsNobodyReads(session, { keep: await this.batchInProgressId(session) }, progress);
        return { batchId: batch.id, ran: false, ...finished };
      }

      const { build, resumed } = await this.startOrResume(session, batch);
      await this.discardRowsNobodyReads(session, { keep: resumed ? batch.id : null }, progress);
      const trained = build.phase === 'popularity' ? null : await this.train(session, progress);
      if (trained) await this.writeUserNeighbours(session, trained, progress);
      const withNeighbours = await this.writeCoPurchaseNeighbours(session, build, progress, trained);
      const withModel = await this.writeModelNeighbourhoods(session, withNeighbours, progress, trained);
      const built = await this.refreshPopularity(session, withModel, progress);
      await this.switchTo(session, built);
      await progress.switched();
      await this.discardRowsNobodyReads(session, { keep: null }, progress);
      return { batchId: batch.id, ran: true, items: built.items, pairs: built.pairs };
    });
  }

  /** Runs `work` on a dedicated connection holding the batch lock, waiting its turn outside any transaction. */
  private async holdingTheBatchLock<T>(work: (session: QueryRunner) => Promise<T>): Promise<T> {
    const session = this.dataSource.createQueryRunner();
    try {
      await session.query(`SET application_name = '${SIMILARITY_BATCH_APPLICATION_NAME}'`);
      for (;;) {
        const [{ locked }]: [{ locked: boolean }] = await session.query(`SELECT pg_try_advisory_lock(${BATCH_LOCK}) AS locked`);
        if (locked) break;
        await sleep(this.settings.lockRetryMs);
      }
      return await work(session);
    } finally {
      await session.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await session.query(`RESET application_name`).catch(() => undefined);
      await session.release();
    }
  }

  private async finishedBatch(session: QueryRunner, batchId: string): Promise<{ items: number; pairs: number } | undefined> {
    const [finished]: { items: number; pairs: number }[] = await session.query(
      `SELECT items, pairs FROM rec_batches WHERE id = $1`,
      [batchId],
    );
    return finished;
  }

  private async batchInProgressId(session: QueryRunner): Promise<string | null> {
    const [row]: { batchId: string }[] = await session.query(`SELECT batch_id AS "batchId" FROM rec_batch_in_progress`);
    return row?.batchId ?? null;
  }

  /**
   * Continues this batch where its last committed chunk left it, or starts it afresh. Starting
   * replaces a build another trigger abandoned (it failed for good, or its retry will start over).
   * The batch lock makes this read-then-write safe.
   */
  private async startOrResume(session: QueryRunner, batch: SimilarityBatch): Promise<{ build: BatchInProgress; resumed: boolean }> {
    const [current]: BatchInProgress[] = await session.query(
      `SELECT ${IN_PROGRESS_COLUMNS} FROM rec_batch_in_progress WHERE batch_id = $1`,
      [batch.id],
    );
    if (current) return { build: current, resumed: true };
    const [fresh]: BatchInProgress[] = await session.query(
      `INSERT INTO rec_batch_in_progress (batch_id, trigger, requested_by, started_at, phase)
       VALUES ($1, $2, $3, now(), 'neighbours')
       ON CONFLICT (only_row) DO UPDATE
          SET batch_id = EXCLUDED.batch_id, trigger = EXCLUDED.trigger, requested_by = EXCLUDED.requested_by,
              started_at = EXCLUDED.started_at, phase = EXCLUDED.phase,
              after_content_id = NULL, processed = 0, items = 0, pairs = 0
       RETURNING ${IN_PROGRESS_COLUMNS}`,
      [batch.id, batch.trigger, batch.requestedBy],
    );
    return { build: fresh!, resumed: false };
  }

  /**
   * Trains, on a worker thread, the co-purchase neighbours and the model the data's size allows,
   * on the data as it is now (read outside any transaction), and records the choice in the run.
   * A resumed batch trains again and continues after the last slice it committed.
   */
  private async train(session: QueryRunner, progress: BatchProgress): Promise<TrainedServingModel> {
    // Training runs on a thread; its progress reports are written one after another on this session, which is idle meanwhile.
    let reports: Promise<unknown> = Promise.resolve();
    const trained = await trainServingModel(session, {
      easeMaxWork: this.settings.easeMaxWork,
      userKnnMaxItemLearners: this.settings.userKnnMaxItemLearners,
      progress: (done, step) => {
        reports = reports.then(() => progress.training(done, step));
      },
    });
    await reports;
    await session.query(`UPDATE rec_batch_in_progress SET model = $1, model_choice = $2, model_choice_reason = $3`, [
      trained.name,
      trained.choice.kind,
      trained.choice.reason,
    ]);
    return trained;
  }

  /**
   * Every learner's user-kNN neighbours as trained, a slice of learners per short transaction, each
   * row kept only if no fresher one is there (a learner whose own interaction was relayed during
   * training got theirs recomputed from newer data). Rows are per learner, not per batch: a read takes
   * whichever is there. A resumed batch, having trained again, writes them again. A slice is copied
   * (COPY) into a temporary table of this session, emptied at each commit, and upserted from there:
   * COPY itself cannot keep the fresher row.
   */
  private async writeUserNeighbours(session: QueryRunner, trained: TrainedServingModel, progress: BatchProgress): Promise<void> {
    await session.query(
      `CREATE TEMPORARY TABLE IF NOT EXISTS ${USER_NEIGHBOURS_INCOMING} (user_id uuid, neighbour_ids uuid[], similarities float8[]) ON COMMIT DELETE ROWS`,
    );
    try {
      const perChunk = this.settings.learnersPerChunk;
      for (let from = 0; from < trained.learners; from += perChunk) {
        const rows = trained.userNeighbourRowsOf(from, from + perChunk);
        await inTransaction(session, async () => {
          await copyRows(
            session,
            USER_NEIGHBOURS_INCOMING,
            ['user_id', 'neighbour_ids', 'similarities'],
            rows.map((row) => [row.userId, row.neighbourIds, row.similarities]),
          );
          await session.query(
            `INSERT INTO rec_user_neighbours (user_id, neighbour_ids, similarities, computed_at)
             SELECT user_id, neighbour_ids, similarities, $1 FROM ${USER_NEIGHBOURS_INCOMING}
             ON CONFLICT (user_id) DO UPDATE
                SET neighbour_ids = EXCLUDED.neighbour_ids, similarities = EXCLUDED.similarities, computed_at = EXCLUDED.computed_at
              WHERE rec_user_neighbours.computed_at < EXCLUDED.computed_at`,
            [trained.readAt],
          );
        });
        await progress.learners(Math.min(from + perChunk, trained.learners), trained.learners);
      }
    } finally {
      // The connection goes back to the pool: leave nothing of the batch on it.
      await session.query(`DROP TABLE IF EXISTS ${USER_NEIGHBOURS_INCOMING}`).catch(() => undefined);
    }
  }

  /**
   * Each purchased content id's items most bought together with it (cosine of their buyers, the
   * best NEIGHBOURS_PER_ITEM), as trained: a slice of content ids per transaction.
   */
  private async writeCoPurchaseNeighbours(
    session: QueryRunner,
    build: BatchInProgress,
    progress: BatchProgress,
    trained: TrainedServingModel | null,
  ): Promise<BatchInProgress> {
    if (build.phase !== 'neighbours') return build;
    const all = trained!.purchasedContentIds;
    const after = build.afterContentId;
    const remaining = all.filter((id) => after === null || id > after);
    for (let from = 0; from < remaining.length; from += this.settings.contentIdsPerChunk) {
      const slice = remaining.slice(from, from + this.settings.contentIdsPerChunk);
      const rows = trained!.coPurchaseRowsOf(slice);
      build = await inTransaction(session, async () => {
        await copyRows(
          session,
          'rec_neighbours',
          ['batch_id', 'content_id', 'neighbour_id', 'score', 'co_purchases'],
          rows.map((row) => [build.batchId, row.contentId, row.neighbourId, row.score, row.coPurchases]),
        );
        return this.advance(session, { after: slice.at(-1)!, processed: slice.length, items: new Set(rows.map((row) => row.contentId)).size, pairs: rows.length });
      });
      await progress.neighbours(build.processed, all.length);
    }
    return inTransaction(session, () => this.enterPhase(session, 'model'));
  }

  /**
   * Trains the serving model on the data as it is now (reads and training happen outside any
   * transaction), then writes each item's neighbourhoods a slice of items per transaction. A
   * resumed batch trains again and continues after the last slice it committed.
   */
  private async writeModelNeighbourhoods(
    session: QueryRunner,
    build: BatchInProgress,
    progress: BatchProgress,
    trained: TrainedServingModel | null,
  ): Promise<BatchInProgress> {
    if (build.phase !== 'model' || !trained) return build;
    const after = build.afterContentId;
    const remaining = trained.contentIds.filter((id) => after === null || id > after);
    for (let from = 0; from < remaining.length; from += this.settings.contentIdsPerChunk) {
      const slice = remaining.slice(from, from + this.settings.contentIdsPerChunk);
      const { model, content } = trained.rowsOf(slice);
      build = await inTransaction(session, async () => {
        await copyRows(
          session,
          'rec_model_neighbours',
          ['batch_id', 'content_id', 'neighbour_id', 'score', 'co_purchases'],
          model.map((row) => [build.batchId, row.contentId, row.neighbourId, row.score, row.coPurchases]),
        );
        await copyRows(
          session,
          'rec_content_neighbours',
          ['batch_id', 'content_id', 'neighbour_id', 'similarity', 'shared'],
          content.map((row) => [build.batchId, row.contentId, row.neighbourId, row.score, row.shared]),
        );
        return this.advance(session, { after: slice.at(-1)!, processed: slice.length, items: 0, pairs: 0 });
      });
      await progress.model(build.processed, trained.contentIds.length);
    }
    return inTransaction(session, () => this.enterPhase(session, 'popularity'));
  }

  /** Every item's purchase count, refreshed in place, one transaction per slice of items. */
  private async refreshPopularity(session: QueryRunner, build: BatchInProgress, progress: BatchProgress): Promise<BatchInProgress> {
    const [{ total }]: [{ total: number }] = await session.query(`SELECT count(*)::int AS total FROM rec_items`);
    for (;;) {
      const refreshed = await inTransaction(session, async () => {
        const [slice] = await rows<{ lastContentId: string | null; processed: number }>(
          session,
          `WITH slice AS (
             SELECT content_id FROM rec_items
              WHERE $1::uuid IS NULL OR content_id > $1::uuid
              ORDER BY content_id
              LIMIT $2
           ), counted AS (
             SELECT slice.content_id, count(p.user_id)::int AS n
               FROM slice LEFT JOIN rec_purchases p ON p.content_id = slice.content_id
              GROUP BY slice.content_id
           ), updated AS (
             UPDATE rec_items i SET purchase_count = counted.n
               FROM counted
              WHERE counted.content_id = i.content_id AND i.purchase_count <> counted.n
           )
           SELECT (SELECT content_id FROM slice ORDER BY content_id DESC LIMIT 1) AS "lastContentId",
                  (SELECT count(*) FROM slice)::int AS processed`,
          [build.afterContentId, this.settings.itemsPerPopularityChunk],
        );
        const { lastContentId, processed } = slice!;
        return lastContentId === null ? null : this.advance(session, { after: lastContentId, processed, items: 0, pairs: 0 });
      });
      if (refreshed === null) return build;
      build = refreshed;
      await progress.popularity(build.processed, total);
    }
  }

  /** Moves this batch's cursor and counts on, in the transaction of the chunk that did the work. */
  private async advance(
    session: QueryRunner,
    chunk: { after: string; processed: number; items: number; pairs: number },
  ): Promise<BatchInProgress> {
    const [moved] = await rows<BatchInProgress>(
      session,
      `UPDATE rec_batch_in_progress
          SET after_content_id = $1, processed = processed + $2, items = items + $3, pairs = pairs + $4
       RETURNING ${IN_PROGRESS_COLUMNS}`,
      [chunk.after, chunk.processed, chunk.items, chunk.pairs],
    );
    return moved!;
  }

  private async enterPhase(session: QueryRunner, phase: 'model' | 'popularity'): Promise<BatchInProgress> {
    const [entered] = await rows<BatchInProgress>(
      session,
      `UPDATE rec_batch_in_progress SET phase = $1, after_content_id = NULL, processed = 0
       RETURNING ${IN_PROGRESS_COLUMNS}`,
      [phase],
    );
    return entered!;
  }

  /** The one short transaction that makes the built batch the one readers see. */
  private async switchTo(session: QueryRunner, build: BatchInProgress): Promise<void> {
    await inTransaction(session, async () => {
      await session.query(
        `INSERT INTO rec_batches (id, trigger, requested_by, started_at, finished_at, items, pairs, model, model_choice, model_choice_reason)
         SELECT batch_id, trigger, requested_by, started_at, clock_timestamp(), items, pairs, model, model_choice, model_choice_reason
           FROM rec_batch_in_progress WHERE batch_id = $1`,
        [build.batchId],
      );
      await session.query(
        `INSERT INTO rec_current_batch (batch_id) VALUES ($1)
         ON CONFLICT (only_row) DO UPDATE SET batch_id = EXCLUDED.batch_id`,
        [build.batchId],
      );
      await session.query(`DELETE FROM rec_batch_in_progress WHERE batch_id = $1`, [build.batchId]);
    });
  }

  /**
   * Deletes the rows of every batch but the current one and `keep` (a build that may still
   * resume), a bounded number per statement: superseded batches, abandoned builds, leftovers of a
   * cleanup that failed half way.
   */
  private async discardRowsNobodyReads(session: QueryRunner, { keep }: { keep: string | null }, progress: BatchProgress): Promise<void> {
    // The distinct batch ids of each table, one primary-key probe each (there are only a few).
    const unread: { table: string; batchId: string; rows: number }[] = [];
    for (const table of BATCH_TABLES) {
      const found: { batchId: string; rows: number }[] = await session.query(
        `WITH RECURSIVE batch_ids (batch_id) AS (
           SELECT min(batch_id) FROM ${table}
           UNION ALL
           SELECT (SELECT min(n.batch_id) FROM ${table} n WHERE n.batch_id > batch_ids.batch_id)
             FROM batch_ids WHERE batch_ids.batch_id IS NOT NULL
         )
         SELECT batch_id AS "batchId", (SELECT count(*) FROM ${table} n WHERE n.batch_id = batch_ids.batch_id)::int AS rows
           FROM batch_ids
          WHERE batch_id IS NOT NULL
            AND batch_id IS DISTINCT FROM $1
            AND batch_id NOT IN (SELECT batch_id FROM rec_current_batch)`,
        [keep],
      );
      unread.push(...found.map((batch) => ({ table, ...batch })));
    }
    const total = unread.reduce((sum, batch) => sum + batch.rows, 0);
    let discarded = 0;
    for (const { table, batchId } of unread) {
      for (;;) {
        const { affected: deleted = 0 } = await session.query(
          `DELETE FROM ${table}
            WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE batch_id = $1 LIMIT $2))`,
          [batchId, this.settings.rowsPerDiscardChunk],
          true,
        );
        if (deleted === 0) break;
        discarded += deleted;
        await progress.discarding(discarded, total);
      }
    }
  }
}

/** Runs `work`, whose statements go through `session`, as one transaction. */
function inTransaction<T>(session: QueryRunner, work: () => Promise<T>): Promise<T> {
  return session.manager.transaction(work);
}

/** The rows a statement returns, whatever its command (TypeORM answers UPDATE and DELETE with [rows, count]). */
async function rows<T>(session: QueryRunner, text: string, parameters: unknown[] = []): Promise<T[]> {
  return (await session.query(text, parameters, true)).records as T[];
}

/**
 * Turns each phase's share of its work into the job's 0–100, never going back. The processor
 * reports 100 when the job returns.
 */
class BatchProgress {
  private phase: 'preparing' | 'neighbours' | 'model' | 'popularity' | 'switched' = 'preparing';
  private last = 0;
  private recorded = { percent: -1, step: '' };

  constructor(
    private readonly report: (percent: number) => Promise<unknown>,
    /** Writes the figure and the step to the run record (rec_batch_in_progress). */
    private readonly record: (percent: number, step: string) => Promise<unknown>,
  ) {}

  /** Training on its thread: `done` is its own share, 0–1. */
  training(done: number, step: string): Promise<void> {
    this.phase = 'model';
    return this.at(5, 50, done, 1, `training: ${step}`);
  }

  learners(done: number, total: number): Promise<void> {
    this.phase = 'neighbours';
    return this.at(50, 55, done, total, `writing user-kNN neighbours: ${done} of ${total} learners`);
  }

  neighbours(done: number, total: number): Promise<void> {
    this.phase = 'neighbours';
    return this.at(55, 65, done, total, `writing co-purchase neighbours: ${done} of ${total} items`);
  }

  model(done: number, total: number): Promise<void> {
    this.phase = 'model';
    return this.at(65, 80, done, total, `writing model neighbourhoods: ${done} of ${total} items`);
  }

  popularity(done: number, total: number): Promise<void> {
    this.phase = 'popularity';
    return this.at(80, 90, done, total, `popularity: ${done} of ${total} items`);
  }

  switched(): Promise<void> {
    this.phase = 'switched';
    return this.at(90, 90, 0, 0, 'switched');
  }

  /** Before the build, discarding takes 0–5; after the switch, 90–99. */
  discarding(done: number, total: number): Promise<void> {
    const step = `discarding unread rows: ${done} of ${total}`;
    return this.phase === 'switched' ? this.at(90, 99, done, total, step) : this.at(0, 5, done, total, step);
  }

  private async at(from: number, to: number, done: number, total: number, step: string): Promise<void> {
    const share = total > 0 ? Math.min(done / total, 1) : 1;
    this.last = Math.max(this.last, Math.floor(from + (to - from) * share));
    // The run record first, so whoever sees the job's percent finds the same figure there. It follows
    // the percent; within a percent only a change of phase is written (a write per chunk is too many at scale).
    const phaseOf = (text: string) => text.split(':')[0];
    if (this.last !== this.recorded.percent || phaseOf(step) !== phaseOf(this.recorded.step)) {
      this.recorded = { percent: this.last, step };
      await this.record(this.last, step);
    }
    await this.report(this.last);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NEIGHBOURS_PER_ITEM } from '../domain/ranking.js';

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

/**
 * Item-to-item similarity from co-purchases: cosine = co_count / sqrt(count_a * count_b), the
 * top NEIGHBOURS_PER_ITEM kept per item. The new result and the refreshed popularity replace the
 * old ones in one transaction, so readers see either the previous batch or this one.
 */
@Injectable()
export class SimilarityBatches {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rebuild(batch: SimilarityBatch, reportProgress: (percent: number) => Promise<void>): Promise<BatchOutcome> {
    const startedAt = new Date();
    return this.dataSource.transaction(async (tx) => {
      // One batch at a time across workers; the second one then sees whether its trigger already ran.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('recommendation-similarity-batch'))`);
      const done: { items: number; pairs: number }[] = await tx.query(
        `SELECT items, pairs FROM rec_batches WHERE id = $1`,
        [batch.id],
      );
      if (done.length === 1) return { batchId: batch.id, ran: false, items: done[0]!.items, pairs: done[0]!.pairs };
      await reportProgress(10);

      await tx.query(`DELETE FROM rec_neighbours`);
      await tx.query(
        `WITH buyers AS (
           SELECT content_id, count(*) AS n FROM rec_purchases GROUP BY content_id
         ), co AS (
           SELECT a.content_id, b.content_id AS neighbour_id, count(*) AS co_purchases
             FROM rec_purchases a
             JOIN rec_purchases b ON b.user_id = a.user_id AND b.content_id <> a.content_id
            GROUP BY a.content_id, b.content_id
         ), ranked AS (
           SELECT co.content_id, co.neighbour_id, co.co_purchases,
                  co.co_purchases / sqrt(ba.n::float8 * bb.n::float8) AS score
             FROM co
             JOIN buyers ba ON ba.content_id = co.content_id
             JOIN buyers bb ON bb.content_id = co.neighbour_id
         ), kept AS (
           SELECT *, row_number() OVER (
                    PARTITION BY content_id ORDER BY score DESC, co_purchases DESC, neighbour_id) AS rank
             FROM ranked
         )
         INSERT INTO rec_neighbours (content_id, neighbour_id, score, co_purchases)
         SELECT content_id, neighbour_id, score, co_purchases FROM kept WHERE rank <= $1`,
        [NEIGHBOURS_PER_ITEM],
      );
      await reportProgress(70);

      await tx.query(
        `UPDATE rec_items i SET purchase_count = counted.n
           FROM (SELECT item.content_id, count(p.user_id)::int AS n
                   FROM rec_items item LEFT JOIN rec_purchases p ON p.content_id = item.content_id
                  GROUP BY item.content_id) counted
          WHERE counted.content_id = i.content_id AND i.purchase_count <> counted.n`,
      );
      await reportProgress(90);

      const [{ items, pairs }]: [{ items: number; pairs: number }] = await tx.query(
        `INSERT INTO rec_batches (id, trigger, requested_by, started_at, finished_at, items, pairs)
         SELECT $1, $2, $3, $4, clock_timestamp(), count(DISTINCT content_id), count(*) FROM rec_neighbours
         RETURNING items, pairs`,
        [batch.id, batch.trigger, batch.requestedBy, startedAt],
      );
      return { batchId: batch.id, ran: true, items, pairs };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NEIGHBOURS_PER_ITEM } from '../domain/ranking.js';
import { contentWeightOf, newItemNeighbours } from '../models/new-item-neighbours.js';
import { type ItemRow, PUBLISHED_ITEMS_SQL, SHARED_TERMS, termsOfItem } from './serving-model.js';

/** How many times a computation is redone when a batch switched in while it ran. */
const ATTEMPTS = 3;

/**
 * An item published (or classified) since the last batch gets its content neighbours at once,
 * stored under the current batch, instead of at the next batch: `GET /contents/{id}/similar` lists
 * them, and a learner who owns it gets them in their list (its neighbourhood under the served
 * model). The computation is the batch's content model for this one item (`newItemNeighbours`).
 *
 * What is written, in one short transaction that holds the current batch's pointer (a switch
 * waits for it, so nothing is written under a batch readers already left):
 * - its content neighbours, replacing what the batch (or an earlier computation) stored for it:
 *   the same code on today's catalogue gives what the next batch will;
 * - itself as a neighbour of each of them, each such item keeping its best NEIGHBOURS_PER_ITEM;
 * - its neighbourhood under the served model (the content part's, weighted as the batch's hybrid
 *   weights it: none when that weight is 0), only while it has no interaction (no purchase, no
 *   signal) or the batch left it none: once learners interacted with it, the batch's collaborative
 *   neighbourhood stands.
 * For an item the batch saw (a replay, a republication), these are the rows the batch wrote.
 * Reading the catalogue and computing run outside the transaction. Safe to repeat.
 */
@Injectable()
export class NewItemNeighbourhoods {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Computes and stores the item's neighbours; returns how many content neighbours it has (null: not published, or no batch yet). */
  async compute(contentId: string): Promise<{ contentNeighbours: number } | null> {
    for (let attempt = 1; ; attempt++) {
      const [current]: { batchId: string; model: string | null }[] = await this.dataSource.query(
        `SELECT b.id AS "batchId", b.model FROM rec_current_batch c JOIN rec_batches b ON b.id = c.batch_id`,
      );
      // Before the first batch there is nothing to add to: the first batch computes every item's.
      if (!current) return null;
      const items: ItemRow[] = await this.dataSource.query(PUBLISHED_ITEMS_SQL);
      const index = items.findIndex((item) => item.contentId === contentId);
      if (index < 0) return null;
      const found = newItemNeighbours(items.map(termsOfItem), index, { neighbours: NEIGHBOURS_PER_ITEM, sharedTerms: SHARED_TERMS, weight: contentWeightOf(current.model) });
      const idOf = (at: number) => items[at]!.contentId;
      const stored = await this.dataSource.transaction(async (tx) => {
        const [pointer]: { batch_id: string }[] = await tx.query(`SELECT batch_id FROM rec_current_batch FOR SHARE`);
        if (pointer?.batch_id !== current.batchId) return false;
        // Two computations of one item (a publication and a classification relayed together) one after the other.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`rec-new-item:${contentId}`]);
        await tx.query(`DELETE FROM rec_content_neighbours WHERE batch_id = $1 AND content_id = $2`, [current.batchId, contentId]);
        // Its own rows, then itself in its neighbours' rows (in content id order, as every writer here locks them).
        const rows = [...found.content, ...[...found.reverse].sort((a, b) => (idOf(a.item) < idOf(b.item) ? -1 : 1))];
        await tx.query(
          `INSERT INTO rec_content_neighbours (batch_id, content_id, neighbour_id, similarity, shared)
           SELECT $1, content_id, neighbour_id, similarity, ARRAY(SELECT jsonb_array_elements_text(shared))
             FROM unnest($2::uuid[], $3::uuid[], $4::float8[], $5::jsonb[]) AS row (content_id, neighbour_id, similarity, shared)
           ON CONFLICT (batch_id, content_id, neighbour_id) DO UPDATE SET similarity = EXCLUDED.similarity, shared = EXCLUDED.shared`,
          [
            current.batchId,
            rows.map((row) => idOf(row.item)),
            rows.map((row) => idOf(row.neighbour)),
            rows.map((row) => row.similarity),
            rows.map((row) => JSON.stringify(row.shared)),
          ],
        );
        // Each of those items keeps its best NEIGHBOURS_PER_ITEM (ties to the lower id, as the batch's).
        await tx.query(
          `DELETE FROM rec_content_neighbours n
            USING (SELECT content_id, neighbour_id,
                          row_number() OVER (PARTITION BY content_id ORDER BY similarity DESC, neighbour_id) AS rank
                     FROM rec_content_neighbours
                    WHERE batch_id = $1 AND content_id = ANY($2::uuid[])) ranked
            WHERE n.batch_id = $1 AND n.content_id = ranked.content_id AND n.neighbour_id = ranked.neighbour_id AND ranked.rank > $3`,
          [current.batchId, found.reverse.map((row) => idOf(row.item)), NEIGHBOURS_PER_ITEM],
        );
        const [{ replace }]: { replace: boolean }[] = await tx.query(
          `SELECT NOT EXISTS (SELECT 1 FROM rec_model_neighbours WHERE batch_id = $1 AND content_id = $2)
               OR (NOT EXISTS (SELECT 1 FROM rec_purchases WHERE content_id = $2) AND NOT EXISTS (SELECT 1 FROM rec_signals WHERE content_id = $2 AND active)) AS replace`,
          [current.batchId, contentId],
        );
        if (replace) {
          await tx.query(`DELETE FROM rec_model_neighbours WHERE batch_id = $1 AND content_id = $2`, [current.batchId, contentId]);
          await tx.query(
            `INSERT INTO rec_model_neighbours (batch_id, content_id, neighbour_id, score)
             SELECT $1, $2, * FROM unnest($3::uuid[], $4::float8[])`,
            [current.batchId, contentId, found.model.map((row) => idOf(row.neighbour)), found.model.map((row) => row.score)],
          );
        }
        return true;
      });
      if (stored) return { contentNeighbours: found.content.length };
      // A batch switched in meanwhile: compute again against it (its weights, its rows).
      if (attempt >= ATTEMPTS) return null;
    }
  }
}

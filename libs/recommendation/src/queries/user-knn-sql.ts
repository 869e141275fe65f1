import { SIGNAL_WEIGHTS, signalWeightSql } from '../domain/signals.js';

/**
 * User-based kNN (`models/user-knn.ts`) in SQL, in two statements. A separate module so
 * `bench/reco-user-knn.mjs` times exactly the statements the api and the worker run.
 *
 * The interactions are the weighted implicit feedback the batch trains on (`domain/signals.ts`): a
 * learner's weight for an item is the sum of the declared weights of their purchase (rec_purchases)
 * and of their other signals (rec_signals, active ones), over published items (rec_items) only.
 */

/** A purchase's weight, as a SQL literal. */
const PURCHASE = `${SIGNAL_WEIGHTS.purchase}::float8`;

/**
 * A learner's neighbours, computed and stored ($1 the learner, $2 k, $3 the item learner cap
 * RECOMMENDATION_USER_KNN_MAX_ITEM_LEARNERS: items with more learners are left out of the dot
 * products, as in `models/user-neighbours.ts`): the k other learners with
 * the highest cosine Σ w_a·w_b / (‖a‖·‖b‖) over published items (ties: the lower user id), best
 * first, in rec_user_neighbours as of the statement's start (its snapshot), unless a newer
 * computation is there already. What a read would otherwise do on every list: at 1,000,000
 * purchases it walks the histories of the ~10,000 learners who share an item with the learner
 * (their norms rank them), which cost ~0.5 s (p99 2.2 s) per read. The worker runs it when one of
 * the learner's own interactions is relayed (so their list follows a purchase within seconds); the
 * batch computes every learner's the same way, in memory.
 */
export const USER_NEIGHBOURS_SQL = `WITH mine AS (
     SELECT x.content_id, sum(x.weight) AS weight
       FROM (SELECT content_id, ${PURCHASE} AS weight FROM rec_purchases WHERE user_id = $1
             UNION ALL
             SELECT content_id, ${signalWeightSql('kind')} FROM rec_signals WHERE user_id = $1 AND active) x
       JOIN rec_items i ON i.content_id = x.content_id
      GROUP BY x.content_id
   ), probed AS (
     -- USER_KNN_MAX_ITEM_LEARNERS ($3): an item with more learners (a purchase or an active signal) adds
     -- nothing to the dot products; it stays in the norms. Counting stops at $3 + 1 rows per item.
     SELECT mine.content_id, mine.weight
       FROM mine
      WHERE (SELECT count(*) FROM (SELECT p.user_id FROM rec_purchases p WHERE p.content_id = mine.content_id
                                   UNION
                                   SELECT s.user_id FROM rec_signals s WHERE s.content_id = mine.content_id AND s.active
                                   LIMIT $3 + 1) l) <= $3
   ), overlap AS (
     -- Σ over the other learner's rows (purchase, signals) of mine's weight × the row's: the dot product.
     SELECT o.user_id, sum(mine.weight * o.weight) AS dot
       FROM (SELECT p.user_id, p.content_id, ${PURCHASE} AS weight FROM rec_purchases p WHERE p.content_id IN (SELECT content_id FROM probed)
             UNION ALL
             SELECT s.user_id, s.content_id, ${signalWeightSql('s.kind')} FROM rec_signals s WHERE s.active AND s.content_id IN (SELECT content_id FROM probed)) o
       JOIN probed mine ON mine.content_id = o.content_id
      WHERE o.user_id <> $1
      GROUP BY o.user_id
   ), weighted AS (
     SELECT q.user_id, q.content_id, sum(q.weight) AS weight
       FROM (SELECT p.user_id, p.content_id, ${PURCHASE} AS weight FROM rec_purchases p WHERE p.user_id IN (SELECT user_id FROM overlap)
             UNION ALL
             SELECT s.user_id, s.content_id, ${signalWeightSql('s.kind')} FROM rec_signals s WHERE s.active AND s.user_id IN (SELECT user_id FROM overlap)) q
       JOIN rec_items qi ON qi.content_id = q.content_id
      GROUP BY q.user_id, q.content_id
   ), norms AS (
     SELECT user_id, sqrt(sum(weight * weight)) AS norm FROM weighted GROUP BY user_id
   ), best AS (
     SELECT o.user_id, o.dot / ((SELECT sqrt(sum(weight * weight)) FROM mine) * n.norm) AS similarity
       FROM overlap o JOIN norms n ON n.user_id = o.user_id
      WHERE o.dot > 0
      ORDER BY similarity DESC, o.user_id
      LIMIT $2
   )
   INSERT INTO rec_user_neighbours (user_id, neighbour_ids, similarities, computed_at)
   SELECT $1, coalesce(array_agg(user_id ORDER BY similarity DESC, user_id), '{}'),
          coalesce(array_agg(similarity ORDER BY similarity DESC, user_id), '{}'), now()
     FROM best
   ON CONFLICT (user_id) DO UPDATE
      SET neighbour_ids = EXCLUDED.neighbour_ids, similarities = EXCLUDED.similarities, computed_at = EXCLUDED.computed_at
    WHERE rec_user_neighbours.computed_at < EXCLUDED.computed_at`;

/**
 * A learner's user-kNN list ($1: what they own, never offered; $2: their id; $3: k): their stored
 * neighbours (USER_NEIGHBOURS_SQL), and each published item's score Σ sim·x / Σ sim over them, x
 * the neighbour's weighted interaction with it as it is now. A handful of index probes: the
 * neighbours' row, then their histories (k learners' purchases and signals).
 */
export const USER_KNN_SQL = `WITH neighbours AS (
     SELECT n.user_id, n.similarity
       FROM rec_user_neighbours r
      CROSS JOIN LATERAL unnest(r.neighbour_ids, r.similarities) WITH ORDINALITY AS n (user_id, similarity, rank)
      WHERE r.user_id = $2 AND n.rank <= $3
   ), total AS (
     SELECT sum(similarity) AS similarity, count(*)::int AS learners FROM neighbours
   ), held AS (
     SELECT p.user_id, p.content_id, ${PURCHASE} AS weight FROM neighbours n JOIN rec_purchases p ON p.user_id = n.user_id
     UNION ALL
     SELECT s.user_id, s.content_id, ${signalWeightSql('s.kind')} FROM neighbours n JOIN rec_signals s ON s.user_id = n.user_id WHERE s.active
   )
   SELECT h.content_id AS "contentId", item.title, item.kind, item.creator_id AS "creatorId",
          sum(n.similarity * h.weight) / total.similarity AS score, count(DISTINCT h.user_id)::int AS learners, total.learners AS "outOf"
     FROM held h
     JOIN neighbours n ON n.user_id = h.user_id
    CROSS JOIN total
     JOIN rec_items item ON item.content_id = h.content_id AND item.creator_id <> $2
    WHERE NOT h.content_id = ANY($1::uuid[])
    GROUP BY h.content_id, item.title, item.kind, item.creator_id, total.similarity, total.learners
    ORDER BY score DESC, h.content_id`;

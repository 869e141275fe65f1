/**
 * User-based kNN over the purchases of published items, for one learner ($1: what they own, $2: their
 * id, $3: k). A separate module so `bench/reco-user-knn.mjs` times exactly the statement the api runs.
 */
export const USER_KNN_SQL = `WITH mine AS (
     SELECT content_id FROM rec_items WHERE content_id = ANY($1::uuid[])
   ), overlap AS (
     SELECT p.user_id, count(*)::float8 AS common
       FROM rec_purchases p JOIN mine ON mine.content_id = p.content_id
      WHERE p.user_id <> $2
      GROUP BY p.user_id
   ), norms AS (
     -- One join for all of them (the planner hashes rec_items) rather than a count per learner: 20-25 % less time at 1M purchases.
     SELECT q.user_id, count(*)::float8 AS n
       FROM overlap o
       JOIN rec_purchases q ON q.user_id = o.user_id
       JOIN rec_items qi ON qi.content_id = q.content_id
      GROUP BY q.user_id
   ), neighbours AS (
     SELECT o.user_id, o.common / sqrt((SELECT count(*) FROM mine) * h.n) AS similarity
       FROM overlap o JOIN norms h ON h.user_id = o.user_id
      ORDER BY similarity DESC, o.user_id
      LIMIT $3
   ), total AS (
     SELECT sum(similarity) AS similarity, count(*)::int AS learners FROM neighbours
   )
   SELECT p.content_id AS "contentId", item.title, item.kind, item.creator_id AS "creatorId",
          sum(n.similarity) / total.similarity AS score, count(*)::int AS learners, total.learners AS "outOf"
     FROM neighbours n
     CROSS JOIN total
     JOIN rec_purchases p ON p.user_id = n.user_id
     JOIN rec_items item ON item.content_id = p.content_id AND item.creator_id <> $2
    WHERE NOT p.content_id = ANY($1::uuid[])
    GROUP BY p.content_id, item.title, item.kind, item.creator_id, total.similarity, total.learners
    ORDER BY score DESC, p.content_id`;

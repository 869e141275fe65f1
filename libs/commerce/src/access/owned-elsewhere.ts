import { activeGrant, ORDER_GRANT_SOURCES } from './active-grant.js';

/** Anything that runs a query: a DataSource, or the EntityManager of a transaction. */
interface Queryable {
  query(sql: string, parameters: unknown[]): Promise<unknown>;
}

/**
 * Which of these items the buyer holds for good already, other than through this very order: an
 * active grant with no end (bought, bundled, redeemed, or given for good). Paying for one again would
 * buy nothing. Access that ends (a comp until a date, a membership) does not stop a purchase.
 */
export async function ownedElsewhere(db: Queryable, buyerId: string, contentIds: readonly string[], orderId: string, at: Date): Promise<string[]> {
  const rows = (await db.query(
    `SELECT DISTINCT g.content_id FROM commerce_access_grants g
      WHERE g.user_id = $1 AND g.content_id = ANY($2::uuid[]) AND ${activeGrant('$4')} AND g.valid_to IS NULL
        AND NOT (g.source_type IN ${ORDER_GRANT_SOURCES} AND g.source_id = $3::text)`,
    [buyerId, contentIds, orderId, at.toISOString()],
  )) as { content_id: string }[];
  return rows.map((row) => row.content_id);
}

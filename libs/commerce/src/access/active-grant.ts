/** The instant by which a start counts as begun: the Clock's, or the database's if that is later (see activeGrant). */
export const begun = (at: string) => `greatest(${at}::timestamptz, now())`;

/**
 * The one definition of access, as SQL. A user may read an item while a grant for it is active
 * (over commerce_access_grants aliased `g`: not revoked, the instant `at` in [valid_from, valid_to)) or a
 * running subscription covers it (over commerce_subscription_access aliased `m`, with the item's
 * product aliased `p`: everything, its creator's catalogue, or the item itself). A platform or creator
 * membership covers what is on the catalogue: an item its creator unpublished or a moderator hid
 * leaves it (a column's own subscription, bought for that item, keeps it, as a purchase does).
 *
 * `at` is the SQL placeholder of the instant asked about, always the injectable Clock's now: its end
 * (valid_to: a grant's date, a paid period, its grace) is judged by the Clock alone, so tests move time
 * across it without waiting. A start is written when it is recorded, at the database's time (a
 * payment's event), so it counts as begun once either clock has passed it: a Clock a little behind
 * the database (skew, or a test's clock standing still) never locks out someone who just paid.
 * Every access question — may this user read this item, which of these items — asks through these.
 */
export const activeGrant = (at: string) =>
  `(g.revoked_at IS NULL AND g.valid_from <= ${begun(at)} AND (g.valid_to IS NULL OR g.valid_to > ${at}::timestamptz))`;

/** A running membership (aliased `m`) that covers the product aliased `p` at the instant `at`. */
export const coveringMembership = (at: string) => `(m.valid_from <= ${begun(at)} AND m.valid_to > ${at}::timestamptz
  AND (m.scope_kind = 'platform' AND p.unlisted_at IS NULL
       OR (m.scope_kind = 'creator' AND m.scope_id = p.creator_id::text AND p.unlisted_at IS NULL)
       OR (m.scope_kind = 'content' AND m.scope_id = p.content_id::text)))`;

/**
 * The grant sources an order gives (its items bought one by one, a bundle's, a redemption code's, or
 * its access given back after a dispute of its chargeback was won): a grant's source_id is then the order's id.
 */
export const ORDER_GRANT_SOURCES = `('order-item', 'bundle', 'coupon', 'order-reinstated')`;

/**
 * The one definition of access, as SQL. A user may read an item while a grant for it is active
 * (over commerce_access_grants aliased `g`: not revoked, `now()` in [valid_from, valid_to)) or a
 * running subscription covers it (over commerce_subscription_access aliased `m`, with the item's
 * product aliased `p`: everything, its creator's catalogue, or the item itself). A platform or creator
 * membership covers what is on the catalogue: an item its creator unpublished or a moderator hid
 * leaves it (a column's own subscription, bought for that item, keeps it, as a purchase does). Every access
 * question — may this user read this item, which of these items — asks through these.
 */
export const ACTIVE_GRANT = `(g.revoked_at IS NULL AND g.valid_from <= now() AND (g.valid_to IS NULL OR g.valid_to > now()))`;

export const COVERING_MEMBERSHIP = `(m.valid_from <= now() AND m.valid_to > now()
  AND (m.scope_kind = 'platform' AND p.unlisted_at IS NULL
       OR (m.scope_kind = 'creator' AND m.scope_id = p.creator_id::text AND p.unlisted_at IS NULL)
       OR (m.scope_kind = 'content' AND m.scope_id = p.content_id::text)))`;

/** The grant sources an order gives (its items bought one by one, a bundle's, or a redemption code's): a grant's source_id is then the order's id. */
export const ORDER_GRANT_SOURCES = `('order-item', 'bundle', 'coupon')`;

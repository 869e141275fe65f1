/**
 * The one definition of access, as SQL over commerce_access_grants aliased `g`: a grant counts
 * while it is not revoked and `now()` lies in [valid_from, valid_to). Every access question —
 * may this user read this item, which of these items, what do I own — asks through it.
 */
export const ACTIVE_GRANT = `(g.revoked_at IS NULL AND g.valid_from <= now() AND (g.valid_to IS NULL OR g.valid_to > now()))`;

/**
 * Implicit feedback: what a learner did with an item, and how much each kind of act counts. This is
 * the one place the weights are declared; the batch (every model it trains), the user-kNN served at
 * read time and its neighbour refresh all take them from here (SQL through `signalWeightSql`).
 *
 * A learner's interaction with an item is the SUM of the weights of the kinds they have for it, each
 * kind counted once per item: a bought course completed in full and liked (1 + 0.4 + 0.6 + 0.5 =
 * 2.5) says more than a bought one of which one lesson was completed (1.4), which says more than a
 * bought one left unopened (1), which says more than a free preview opened (0.25). Summing
 * (rather than keeping the strongest) lets the acts that follow a purchase still mean something: a
 * rating needs a purchase (community only lets buyers rate), so with "the strongest" it would add
 * nothing.
 *
 * - purchase (relayed `commerce.order-paid`, one per item): the learner paid; the reference, 1.
 * - completion (`catalog.lesson-completed`: a lesson of the item watched or read through, the first
 *   one counts): the learner used it, which a purchase alone does not show; 0.4, more than a view.
 * - course-completion (`catalog.certificate-issued`: every lesson of a course completed, as catalog
 *   decides when it issues the certificate): the learner went through all of it; 0.6 on top of the
 *   lesson completion that came with it, so a course done in full adds 1 (as much as a purchase) and
 *   one lesson done 0.4. It is also the strongest act of a learner who learns through a membership
 *   or a staff grant, without a purchase.
 * - high-rating (`community.review-posted` with stars >= HIGH_RATING_STARS, while the review stands):
 *   the learner liked it.
 * - view (`catalog.lesson-opened`, free previews included, the first opening counts): interest
 *   only, a quarter of a purchase, so browsing shapes a newcomer's list without drowning purchases.
 *
 * Low ratings (<= 3 stars) are ignored rather than negative: the models are built for non-negative
 * implicit feedback (cosine, EASE's Gram matrix, RP3β's random walk all read a weight as "how much
 * the learner is about this item"), and a low rating still comes with a purchase that says the
 * learner is in the item's topic; it only removes the liking. A review withdrawn, deleted or removed
 * by a moderator withdraws its signal.
 */
export const SIGNAL_WEIGHTS = {
  purchase: 1,
  completion: 0.4,
  'high-rating': 0.5,
  view: 0.25,
  'course-completion': 0.6,
} as const;

export type SignalKind = keyof typeof SIGNAL_WEIGHTS;

/** The kinds in a fixed order (a new kind goes last): bit `1 << n` of a signal mask is SIGNAL_KINDS[n]. */
export const SIGNAL_KINDS = Object.keys(SIGNAL_WEIGHTS) as SignalKind[];

/** Stars at or above this are a high rating; below, no signal. */
export const HIGH_RATING_STARS = 4;

/** The bit of one kind in a mask of kinds (as the batch reads a learner's kinds for an item). */
export function signalBit(kind: SignalKind): number {
  return 1 << SIGNAL_KINDS.indexOf(kind);
}

/** The interaction a set of kinds (a mask of `signalBit`s) makes: the sum of their declared weights; 0 for none. */
export function interactionWeight(mask: number): number {
  let weight = 0;
  SIGNAL_KINDS.forEach((kind, n) => {
    if (mask & (1 << n)) weight += SIGNAL_WEIGHTS[kind];
  });
  return weight;
}

/** Whether a rating of `stars` is a signal (a high rating). */
export function isHighRating(stars: number): boolean {
  return stars >= HIGH_RATING_STARS;
}

/** SQL for the weight of a signal row's kind (`column` holds a SignalKind), from the declaration above. */
export function signalWeightSql(column: string): string {
  return `(CASE ${column} ${SIGNAL_KINDS.map((kind) => `WHEN '${kind}' THEN ${SIGNAL_WEIGHTS[kind]}::float8`).join(' ')} ELSE 0::float8 END)`;
}

/** SQL for the `signalBit` of a signal row's kind (`column` holds a SignalKind). */
export function signalBitSql(column: string): string {
  return `(CASE ${column} ${SIGNAL_KINDS.map((kind) => `WHEN '${kind}' THEN ${signalBit(kind)}`).join(' ')} ELSE 0 END)`;
}

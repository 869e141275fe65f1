/** Every BullMQ queue, by name. A job lives on exactly one of these. */
export enum QueueName {
  Recommendation = 'recommendation',
  /** Learners' user-kNN neighbours recomputed after their interactions: at most one pending per learner, off the recommendation queue. */
  RecommendationNeighbours = 'recommendation-neighbours',
  /** Every learner's precomputed list after a batch: minutes of work that must hold up neither purchases nor refreshes. */
  RecommendationLists = 'recommendation-lists',
  /** Money on a clock: order expiries (later renewals, dunning, payouts). */
  Billing = 'billing',
  /** Outbound webhooks to integrators' endpoints: one job per delivery, retried with backoff. */
  Webhooks = 'webhooks',
  /** Signed checkpoints of the audit chain. */
  Audit = 'audit',
  /** The security anomaly scan. */
  Security = 'security',
  /** Raw analytics rows to clean facts, and server facts relayed into the raw table. */
  Cleansing = 'cleansing',
  /** Statistics, trends and association rules over the clean facts. */
  Analytics = 'analytics',
  /** Paid questions: payments recorded, unpaid ones expired, unanswered ones refunded at their deadline (and a sweep for missed ones). */
  Consulting = 'consulting',
  /** Followers told of what they follow publishing: fan-out jobs, in batches, one notification per (follower, item). */
  Notifications = 'notifications',
  /** Checks of uploaded media: what the bytes really are, against what was declared. */
  Media = 'media',
}

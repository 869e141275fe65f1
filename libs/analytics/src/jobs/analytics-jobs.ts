import type { DomainEvent } from '#platform/domain';
import type { RecordedEvent } from '#platform';
import type { ImportRequested } from '../domain/analytics-events.js';
import type { ContentApproved, ServerFactEvent, SessionStarted } from '../domain/server-facts.js';

/** Job names on QueueName.Cleansing. */
export const CleansingJob = {
  /** A relayed order placed, paid or refunded, or a lesson opened: server facts in the raw table (items, enrolments). */
  ServerFact: 'server-fact',
  /** A relayed `identity.session-started`: when the user signed in, the moment their devices link to them. */
  SessionStarted: 'session-started',
  /** A relayed `analytics.import-requested`: stream the uploaded file into the raw table, with progress. */
  Import: 'import',
  /** Cleanse what arrived since the last batch (scheduled). */
  Cleanse: 'cleanse',
  /** Make the coming days' raw partitions, detach those past retention (scheduled). */
  MaintainPartitions: 'maintain-partitions',
} as const;

/** Job names on QueueName.Analytics. */
export const AnalyticsJob = {
  /** A relayed `catalog.content-approved`: the item's creator and category, for grouping and scope. */
  ItemPublished: 'item-published',
  /** Fold new clean facts into the aggregates and recompute the association rules (scheduled). */
  Refresh: 'refresh',
} as const;

/** A relayed event as a job carries it: BullMQ stores job data as JSON, so dates arrive as ISO strings. */
export type RelayedJobData<E extends DomainEvent> = Omit<RecordedEvent<E>, 'createdAt'> & { readonly createdAt: string };
export type ServerFactJobData = RelayedJobData<ServerFactEvent>;
export type ItemPublishedJobData = RelayedJobData<ContentApproved>;
export type SessionStartedJobData = RelayedJobData<SessionStarted>;
export type ImportJobData = RelayedJobData<ImportRequested>;

export const CLEANSE_SCHEDULER_ID = 'analytics-cleanse';
export const PARTITIONS_SCHEDULER_ID = 'analytics-partitions';
export const REFRESH_SCHEDULER_ID = 'analytics-refresh';

import type { DomainEvent } from '#platform/domain';

/** An admin uploaded a file of historical activity; the worker's import job streams it into the raw table. */
export type ImportRequested = DomainEvent<'analytics.import-requested', { importId: string; format: string; requestedBy: string }>;

export type AnalyticsEvent = ImportRequested;

/** Stored names and current schema versions of every analytics event. */
export const analyticsEventTypes = {
  'analytics.import-requested': { schemaVersion: 1 },
} as const;

/** Each import is its own stream, created once. */
export const importStream = (importId: string) => ({ streamId: `analytics-import-${importId}`, streamType: 'analytics-import' }) as const;

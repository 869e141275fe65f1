// Public surface of the analytics domain.
export { AnalyticsModule } from './analytics.module.js';
export { AnalyticsHttpModule } from './analytics-http.module.js';
export { AnalyticsWorkerModule } from './analytics-worker.module.js';
export { RecordBehaviourEvents, type BatchReceipt, type RejectedEvent } from './commands/record-behaviour-events.js';
export { DecideQuarantinedRow, type QuarantineFix } from './commands/decide-quarantined-row.js';
export { ListCleansingBatches, type CleansingBatchView } from './queries/list-cleansing-batches.js';
export { ListQuarantine, type QuarantinedRowView } from './queries/list-quarantine.js';
export { CleansingBatches, type BatchResult } from './projections/cleansing-batches.js';
export { AnalyticsBuild, type RefreshOutcome } from './projections/analytics-build.js';
export { RawEvents, type NewRawEvent } from './projections/raw-events.js';
export { AnalyticsJob, CleansingJob } from './jobs/analytics-jobs.js';
export { CLIENT_EVENT_TYPES, CLIENT_EVENT_SCHEMAS, MAX_BATCH_EVENTS } from './domain/event-schemas.js';
export { associationRules, type AssociationRule } from './domain/association-rules.js';
export { Analytics1764690000000 } from './migrations/1764690000000-analytics.js';

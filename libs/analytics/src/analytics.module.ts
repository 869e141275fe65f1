import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { analyticsEventTypes } from './domain/analytics-events.js';
import { RequestImportHandler } from './commands/request-import.js';
import { GetImportHandler } from './queries/get-import.js';
import { EventRateLimit } from './collection/event-rate-limit.js';
import { DecideQuarantinedRowHandler } from './commands/decide-quarantined-row.js';
import { ImportActivityHandler } from './commands/import-activity.js';
import { RecordBehaviourEventsHandler } from './commands/record-behaviour-events.js';
import { AnalyticsRules } from './policies/analytics.rules.js';
import { RawEvents } from './projections/raw-events.js';
import { GetAnalyticsStatsHandler } from './queries/get-analytics-stats.js';
import { GetAnalyticsTrendHandler } from './queries/get-analytics-trend.js';
import { GetCohortsHandler } from './queries/get-cohorts.js';
import { GetFunnelHandler } from './queries/get-funnel.js';
import { ListAssociationRulesHandler } from './queries/list-association-rules.js';
import { ListServedClicksHandler } from './queries/list-served-clicks.js';
import { OptimizePricingHandler } from './queries/optimize-pricing.js';
import { HighsSolver } from './pricing/highs-solver.js';
import { ListCleansingBatchesHandler } from './queries/list-cleansing-batches.js';
import { ListQuarantineHandler } from './queries/list-quarantine.js';

/**
 * The analytics core, in every process: collection, the quarantine's decisions, the queries and
 * the rules. Its inputs (client batches, relayed server facts, imports) land in the raw table; its
 * one event is an admin's import request, which the relay turns into the worker's job. No queue here.
 */
@Module({
  providers: [
    RawEvents,
    EventRateLimit,
    RecordBehaviourEventsHandler,
    DecideQuarantinedRowHandler,
    ImportActivityHandler,
    RequestImportHandler,
    GetImportHandler,
    ListCleansingBatchesHandler,
    ListQuarantineHandler,
    GetAnalyticsStatsHandler,
    GetAnalyticsTrendHandler,
    GetFunnelHandler,
    GetCohortsHandler,
    ListAssociationRulesHandler,
    ListServedClicksHandler,
    OptimizePricingHandler,
    HighsSolver,
    AnalyticsRules,
  ],
  exports: [RawEvents],
})
export class AnalyticsModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(analyticsEventTypes);
  }
}

import { Module } from '@nestjs/common';
import { AnalyticsModule } from './analytics.module.js';
import { AnalyticsRelayRoutes } from './jobs/analytics-relay-routes.js';
import { AnalyticsSchedule } from './jobs/analytics-schedule.js';
import { AnalyticsProcessor } from './jobs/analytics.processor.js';
import { CleansingProcessor } from './jobs/cleansing.processor.js';
import { AnalyticsBuild } from './projections/analytics-build.js';
import { CleansingBatches } from './projections/cleansing-batches.js';
import { ImportRuns } from './projections/import-runs.js';

/** The worker side: relay routes for server facts, the cleansing and analytics processors, their schedules. */
@Module({
  imports: [AnalyticsModule],
  providers: [AnalyticsRelayRoutes, CleansingProcessor, AnalyticsProcessor, AnalyticsSchedule, CleansingBatches, AnalyticsBuild, ImportRuns],
})
export class AnalyticsWorkerModule {}

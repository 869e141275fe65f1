import { Module } from '@nestjs/common';
import { CommerceModule } from './commerce.module.js';
import { BillingProcessor } from './jobs/billing.processor.js';
import { CommerceRelayRoutes } from './jobs/commerce-relay-routes.js';
import { ReconciliationSchedule } from './jobs/reconciliation-schedule.js';

/** The worker side of commerce: the billing queue (order expiries, provider instructions, reconciliation) and what feeds it. */
@Module({
  imports: [CommerceModule],
  providers: [CommerceRelayRoutes, BillingProcessor, ReconciliationSchedule],
})
export class CommerceWorkerModule {}

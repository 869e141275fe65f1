import { Module } from '@nestjs/common';
import { CommerceModule } from './commerce.module.js';
import { BillingProcessor } from './jobs/billing.processor.js';
import { CommerceRelayRoutes } from './jobs/commerce-relay-routes.js';

/** The worker side of commerce: the billing queue (order expiries) and the events it is fed from. */
@Module({
  imports: [CommerceModule],
  providers: [CommerceRelayRoutes, BillingProcessor],
})
export class CommerceWorkerModule {}

import { Module } from '@nestjs/common';
import { AnalyticsModule } from './analytics.module.js';
import { AdminAnalyticsController } from './http/admin-analytics.controller.js';
import { AdminDataController } from './http/admin-data.controller.js';
import { CreatorAnalyticsController } from './http/creator-analytics.controller.js';
import { EventsController } from './http/events.controller.js';
import { PricingController } from './http/pricing.controller.js';

/** The api side of analytics: event collection, staff's data-quality routes, the analytics and the optimiser. */
@Module({
  imports: [AnalyticsModule],
  controllers: [EventsController, AdminDataController, CreatorAnalyticsController, AdminAnalyticsController, PricingController],
})
export class AnalyticsHttpModule {}

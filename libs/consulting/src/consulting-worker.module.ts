import { Module } from '@nestjs/common';
import { ConsultingModule } from './consulting.module.js';
import { ConsultingRelayRoutes } from './jobs/consulting-relay-routes.js';
import { ConsultingSchedule } from './jobs/consulting-schedule.js';
import { ConsultingProcessor } from './jobs/consulting.processor.js';

/** The worker side: payments and ends of orders for questions, refunds at the answer deadline, and the sweep. */
@Module({
  imports: [ConsultingModule],
  providers: [ConsultingRelayRoutes, ConsultingProcessor, ConsultingSchedule],
})
export class ConsultingWorkerModule {}

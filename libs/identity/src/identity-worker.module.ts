import { Module } from '@nestjs/common';
import { IdentityModule } from './identity.module.js';
import { AnomalySchedule } from './jobs/anomaly-schedule.js';
import { SecurityProcessor } from './jobs/security.processor.js';

/** The worker side of identity: the periodic security scan. */
@Module({
  imports: [IdentityModule],
  providers: [SecurityProcessor, AnomalySchedule],
})
export class IdentityWorkerModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from './audit.module.js';
import { AuditProcessor } from './jobs/audit.processor.js';
import { CheckpointSchedule } from './jobs/checkpoint-schedule.js';
import { AuditTrailSubscriber } from './projections/audit-trail.subscriber.js';

/** The worker side of audit: writes every stored event into the hash-chained audit_log, and signs checkpoints of it on a schedule. */
@Module({
  imports: [AuditModule],
  providers: [AuditTrailSubscriber, AuditProcessor, CheckpointSchedule],
})
export class AuditWorkerModule {}

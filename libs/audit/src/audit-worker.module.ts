import { Module } from '@nestjs/common';
import { AuditModule } from './audit.module.js';
import { AuditTrailSubscriber } from './projections/audit-trail.subscriber.js';

/** The worker side of audit: writes every stored event into the hash-chained audit_log. */
@Module({
  imports: [AuditModule],
  providers: [AuditTrailSubscriber],
})
export class AuditWorkerModule {}

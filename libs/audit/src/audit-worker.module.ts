import { Module } from '@nestjs/common';
import { AuditTrailSubscriber } from './projections/audit-trail.subscriber.js';

/** The worker side of audit: writes every stored event into the hash-chained audit_log. */
@Module({
  providers: [AuditTrailSubscriber],
})
export class AuditWorkerModule {}

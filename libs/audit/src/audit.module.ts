import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { auditEventTypes } from './domain/audit-events.js';
import { AuditRules } from './policies/audit.rules.js';
import { GetAuditTrailHandler } from './queries/get-audit-trail.js';
import { VerifyAuditChainHandler } from './queries/verify-audit-chain.js';

/** The audit core, in every process: its event types, the trail queries and who may read them. */
@Module({
  providers: [GetAuditTrailHandler, VerifyAuditChainHandler, AuditRules],
})
export class AuditModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(auditEventTypes);
  }
}

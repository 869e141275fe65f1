import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EventTypeRegistry } from '#platform';
import { auditEventTypes } from './domain/audit-events.js';
import { AdminActionRecorder } from './http/admin-action.interceptor.js';
import { AuditController } from './http/audit.controller.js';
import { AuditRules } from './policies/audit.rules.js';
import { GetAuditTrailHandler } from './queries/get-audit-trail.js';
import { VerifyAuditChainHandler } from './queries/verify-audit-chain.js';

/** The api side of audit: records admin actions, serves and verifies the trail. */
@Module({
  controllers: [AuditController],
  providers: [
    GetAuditTrailHandler,
    VerifyAuditChainHandler,
    AuditRules,
    { provide: APP_INTERCEPTOR, useClass: AdminActionRecorder },
  ],
})
export class AuditModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(auditEventTypes);
  }
}

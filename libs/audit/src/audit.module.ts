import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { AuditSigner } from './chain/audit-signer.js';
import { WriteAuditCheckpointHandler } from './commands/write-audit-checkpoint.js';
import { auditEventTypes } from './domain/audit-events.js';
import { AuditRules } from './policies/audit.rules.js';
import { GetAuditTrailHandler } from './queries/get-audit-trail.js';
import { VerifyAuditChainHandler } from './queries/verify-audit-chain.js';

/** The audit core, in every process: its event types, the trail queries, signed checkpoints and who may use them. */
@Module({
  providers: [GetAuditTrailHandler, VerifyAuditChainHandler, AuditSigner, WriteAuditCheckpointHandler, AuditRules],
  exports: [AuditSigner],
})
export class AuditModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(auditEventTypes);
  }
}

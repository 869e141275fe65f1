// Public surface of the audit domain.
export { AuditModule } from './audit.module.js';
export { AuditHttpModule } from './audit-http.module.js';
export { AuditWorkerModule } from './audit-worker.module.js';
export { auditEventTypes } from './domain/audit-events.js';
export type { AdminActionPerformed } from './domain/audit-events.js';
export { GetAuditTrail, type AuditTrailFilter, type AuditTrailPage, type AuditTrailItem } from './queries/get-audit-trail.js';
export { VerifyAuditChain, type AuditChainVerification, type AuditProblem, type BrokenLink } from './queries/verify-audit-chain.js';
export { WriteAuditCheckpoint } from './commands/write-audit-checkpoint.js';
export { AuditChainVerificationDto, AuditEntryDto, AuditTrailPageDto, AuditTrailQueryDto, BrokenLinkDto } from './http/audit.dto.js';
export { Audit1764202100000 } from './migrations/1764202100000-audit.js';
export { AuditCheckpoints1764700100000 } from './migrations/1764700100000-audit-checkpoints.js';

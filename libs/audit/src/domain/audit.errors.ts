import { DomainError } from '#platform/domain';

export const AuditErrors = {
  /** A checkpoint never seals a chain that does not verify since the last one: that would vouch for the tampering. */
  chainBroken: (seq: number) =>
    new DomainError('AUDIT.CHAIN_BROKEN', 'conflict', 'The audit chain does not verify since the last checkpoint; nothing was signed.', { seq }),
};

import type { DomainEvent } from '#platform/domain';

/** A back-office request finished; recorded whether it succeeded or not. */
export type AdminActionPerformed = DomainEvent<
  'audit.admin-action-performed',
  {
    method: string;
    /** The route pattern, e.g. /api/v1/admin/users/:id/roles. */
    route: string;
    params: Record<string, string>;
    statusCode: number;
    outcome: 'succeeded' | 'failed';
  }
>;

export type AuditEvent = AdminActionPerformed;

/** Stored names and current schema versions of every audit event. */
export const auditEventTypes = {
  'audit.admin-action-performed': { schemaVersion: 1 },
} as const;

import { DomainError } from '#platform/domain';

export const AnalyticsErrors = {
  deviceIdRequired: () =>
    new DomainError('ANALYTICS.DEVICE_ID_REQUIRED', 'invalid', 'Events sent without signing in need the deviceId of the app that sent them.'),
  unknownTimeZone: (timeZone: string) =>
    new DomainError('ANALYTICS.UNKNOWN_TIME_ZONE', 'invalid', `Unknown time zone: ${timeZone} (use an IANA name such as Asia/Shanghai).`, { timeZone }),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError('ANALYTICS.RATE_LIMITED', 'throttled', `Too many events; send again in ${retryAfterSeconds} s.`, { retryAfterSeconds }),
  busy: () =>
    new DomainError('ANALYTICS.BUSY', 'unavailable', 'Events cannot be counted against the rate limits right now; send them again in a moment.', {
      retryAfterSeconds: 1,
    }),
  quarantineNotFound: () => new DomainError('ANALYTICS.QUARANTINE_NOT_FOUND', 'not_found', 'No such quarantined row.'),
  quarantineDecided: (status: string) =>
    new DomainError('ANALYTICS.QUARANTINE_DECIDED', 'conflict', `This row was ${status} already.`, { status }),
  importUnreadable: (format: string, records: number, reason: string) =>
    new DomainError(
      'ANALYTICS.IMPORT_UNREADABLE',
      'invalid',
      `The file is not valid ${format} after record ${records} (${reason}); the records before it were kept.`,
      { records, reason },
    ),
  importNotFound: () => new DomainError('ANALYTICS.IMPORT_NOT_FOUND', 'not_found', 'No such import.'),
  itemNotFound: () => new DomainError('ANALYTICS.ITEM_NOT_FOUND', 'not_found', 'No such item among those you may see.'),
  badWindow: () => new DomainError('ANALYTICS.BAD_WINDOW', 'invalid', 'The window must start before it ends and span at most 366 days.'),
  modelInvalid: (reason: string) => new DomainError('PRICING.MODEL_INVALID', 'invalid', `The model does not hold together: ${reason}.`, { reason }),
  infeasible: () => new DomainError('PRICING.INFEASIBLE', 'invalid', 'No plan satisfies every constraint.'),
  unbounded: () => new DomainError('PRICING.UNBOUNDED', 'invalid', 'The objective can improve without limit (or no plan is feasible): a constraint is missing.'),
  solverTimeLimit: (milliseconds: number) =>
    new DomainError('PRICING.TIME_LIMIT', 'invalid', `The solver found no proven optimum within ${milliseconds} ms; simplify the model.`, { milliseconds }),
} as const;

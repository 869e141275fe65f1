import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { AnalyticsErrors } from './analytics.errors.js';

describe('analytics refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(AnalyticsErrors.deviceIdRequired(), 'ANALYTICS.DEVICE_ID_REQUIRED', 'invalid', 'Events sent without signing in need the deviceId of the app that sent them.');
    expectRefusal(AnalyticsErrors.unknownTimeZone('Mars/X'), 'ANALYTICS.UNKNOWN_TIME_ZONE', 'invalid', 'Unknown time zone: Mars/X (use an IANA name such as Asia/Shanghai).', { timeZone: 'Mars/X' });
    expectRefusal(AnalyticsErrors.rateLimited(7), 'ANALYTICS.RATE_LIMITED', 'throttled', 'Too many events; send again in 7 s.', { retryAfterSeconds: 7 });
    expectRefusal(AnalyticsErrors.busy(), 'ANALYTICS.BUSY', 'unavailable', 'Events cannot be counted against the rate limits right now; send them again in a moment.', {
      retryAfterSeconds: 1,
    });
    expectRefusal(AnalyticsErrors.quarantineNotFound(), 'ANALYTICS.QUARANTINE_NOT_FOUND', 'not_found', 'No such quarantined row.');
    expectRefusal(AnalyticsErrors.quarantineDecided('fixed'), 'ANALYTICS.QUARANTINE_DECIDED', 'conflict', 'This row was fixed already.', { status: 'fixed' });
    expectRefusal(AnalyticsErrors.importUnreadable('xml', 3, 'Unexpected close tag'), 'ANALYTICS.IMPORT_UNREADABLE', 'invalid', 'The file is not valid xml after record 3 (Unexpected close tag); the records before it were kept.', {
      records: 3,
      reason: 'Unexpected close tag',
    });
    expectRefusal(AnalyticsErrors.importNotFound(), 'ANALYTICS.IMPORT_NOT_FOUND', 'not_found', 'No such import.');
    expectRefusal(AnalyticsErrors.itemNotFound(), 'ANALYTICS.ITEM_NOT_FOUND', 'not_found', 'No such item among those you may see.');
    expectRefusal(AnalyticsErrors.badWindow(), 'ANALYTICS.BAD_WINDOW', 'invalid', 'The window must start before it ends and span at most 366 days.');
    expectRefusal(AnalyticsErrors.modelInvalid('x'), 'PRICING.MODEL_INVALID', 'invalid', 'The model does not hold together: x.', { reason: 'x' });
    expectRefusal(AnalyticsErrors.infeasible(), 'PRICING.INFEASIBLE', 'invalid', 'No plan satisfies every constraint.');
    expectRefusal(AnalyticsErrors.unbounded(), 'PRICING.UNBOUNDED', 'invalid', 'The objective can improve without limit (or no plan is feasible): a constraint is missing.');
    expectRefusal(AnalyticsErrors.solverTimeLimit(20), 'PRICING.TIME_LIMIT', 'invalid', 'The solver found no proven optimum within 20 ms; simplify the model.', { milliseconds: 20 });
  });
});

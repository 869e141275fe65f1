import { describe, expect, it } from 'vitest';
import { buildAbility, asSubject } from './ability.js';
import type { AppConfig } from '../config/app-config.js';
import type { Role } from '../domain/index.js';
import { StaffHoursRules } from './staff-hours.rules.js';
import { nextOpening, outsideStaffHours, parseStaffHours, readStaffClock, type StaffHours, staffHoursConditions } from './staff-hours.js';

const hours = parseStaffHours('Mon-Fri 09:00-18:00 Asia/Shanghai') as StaffHours;

describe('staff hours (STAFF_HOURS)', () => {
  it('parses days, a window and a time zone, and names what is wrong', () => {
    expect(hours).toEqual({ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1080, timeZone: 'Asia/Shanghai' });
    expect(parseStaffHours(' Sat-Mon 22:00-23:30 UTC ')).toEqual({ days: [0, 1, 6], startMinute: 1320, endMinute: 1410, timeZone: 'UTC' });
    expect(parseStaffHours('Wed 00:00-24:00 Europe/Berlin')).toMatchObject({ days: [3], startMinute: 0, endMinute: 1440 });
    expect(parseStaffHours('weekdays 9-6')).toBe('must look like "Mon-Fri 09:00-18:00 Asia/Shanghai"');
    expect(parseStaffHours('Mon-Fry 09:00-18:00 UTC')).toBe('days are Sun, Mon, Tue, Wed, Thu, Fri, Sat');
    expect(parseStaffHours('Mon-Fri 18:00-09:00 UTC')).toBe('the start must come before the end, within one day');
    expect(parseStaffHours('Mon-Fri 09:00-09:00 UTC')).toBe('the start must come before the end, within one day');
    expect(parseStaffHours('Mon-Fri 09:00-24:30 UTC')).toBe('the start must come before the end, within one day');
    expect(parseStaffHours('Mon-Fri 09:00-18:00 Mars/Olympus')).toBe('Mars/Olympus is not an IANA time zone');
  });

  it('reads an instant in the staff time zone', () => {
    // 2026-11-30 is a Monday; 01:30 UTC is 09:30 in Shanghai.
    expect(readStaffClock(hours, new Date('2026-11-30T01:30:00Z'))).toEqual({ weekday: 1, minuteOfDay: 570 });
    // Sunday 23:59 UTC is already Monday 07:59 in Shanghai.
    expect(readStaffClock(hours, new Date('2026-11-29T23:59:00Z'))).toEqual({ weekday: 1, minuteOfDay: 479 });
  });

  it('lets staff in within the window only, as a CASL condition', () => {
    const ability = buildAbility({ userId: 'u', roles: ['moderator'] }, [{ define: (_actor, { can }) => can('enter', 'BackOffice', staffHoursConditions(hours)) }]);
    const at = (iso: string) => ability.can('enter', asSubject('BackOffice', { ...readStaffClock(hours, new Date(iso)) }));
    expect(at('2026-11-30T01:00:00Z')).toBe(true); // Mon 09:00, the first minute
    expect(at('2026-11-30T00:59:59Z')).toBe(false); // Mon 08:59
    expect(at('2026-11-30T09:59:00Z')).toBe(true); // Mon 17:59
    expect(at('2026-11-30T10:00:00Z')).toBe(false); // Mon 18:00: the end is excluded
    expect(at('2026-11-28T03:00:00Z')).toBe(false); // Sat 11:00
  });

  it('says when the back office opens next', () => {
    // Monday before the start: the same morning.
    expect(nextOpening(hours, new Date('2026-11-29T23:59:30Z')).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    // Monday after the end: Tuesday morning.
    expect(nextOpening(hours, new Date('2026-11-30T10:00:00Z')).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    // Friday evening and Saturday: Monday morning.
    expect(nextOpening(hours, new Date('2026-12-04T12:00:00Z')).toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(nextOpening(hours, new Date('2026-12-05T03:00:00Z')).toISOString()).toBe('2026-12-07T01:00:00.000Z');
    // Across a change of the clocks: Berlin goes back an hour on Sunday 2026-10-25; Monday 09:00 is then UTC+1.
    const berlin = parseStaffHours('Mon-Fri 09:00-17:00 Europe/Berlin') as StaffHours;
    expect(nextOpening(berlin, new Date('2026-10-23T16:00:00Z')).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    const refusal = outsideStaffHours(hours, new Date('2026-12-05T03:00:00Z'));
    expect({ code: refusal.code, kind: refusal.kind, details: refusal.details }).toEqual({
      code: 'AUTH.OUTSIDE_STAFF_HOURS',
      kind: 'forbidden',
      details: { opensAt: '2026-12-07T01:00:00.000Z' },
    });
    expect(refusal.message).toBe('The back office is closed outside staff hours; it opens at 2026-12-07T01:00:00.000Z.');
  });
});

describe('who the staff hours bind (StaffHoursRules)', () => {
  const abilityOf = (roles: Role[], config: Partial<AppConfig>) =>
    buildAbility({ userId: 'u', roles }, [new StaffHoursRules({ staffHours: hours, staffHoursExemptAdmins: false, ...config } as AppConfig)]);
  const closed = { ...readStaffClock(hours, new Date('2026-12-05T03:00:00Z')) };
  const open = { ...readStaffClock(hours, new Date('2026-11-30T02:00:00Z')) };
  const enters = (roles: Role[], config: Partial<AppConfig>, at: Record<string, unknown>) => abilityOf(roles, config).can('enter', asSubject('BackOffice', at));

  it('binds every staff role within the window, admins too unless exempted; without hours, staff enter at any time', () => {
    for (const role of ['moderator', 'finance', 'admin'] as Role[]) {
      expect(enters([role], {}, open)).toBe(true);
      expect(enters([role], {}, closed)).toBe(false);
      expect(enters([role], { staffHours: null }, closed)).toBe(true);
    }
    expect(enters(['admin'], { staffHoursExemptAdmins: true }, closed)).toBe(true);
    expect(enters(['moderator'], { staffHoursExemptAdmins: true }, closed)).toBe(false);
    expect(enters(['learner', 'creator'], { staffHours: null }, open)).toBe(false);
  });
});

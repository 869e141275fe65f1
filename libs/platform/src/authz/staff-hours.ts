import { DomainError } from '../domain/index.js';

/**
 * The hours staff may work in the back office (STAFF_HOURS, e.g. `Mon-Fri 09:00-18:00 Asia/Shanghai`):
 * days of the week, a start and an end in minutes of the day (start before end, end excluded), and
 * the time zone they are read in.
 */
export interface StaffHours {
  /** 0 = Sunday … 6 = Saturday. */
  readonly days: readonly number[];
  readonly startMinute: number;
  readonly endMinute: number;
  readonly timeZone: string;
}

/** Where an instant falls in the staff's week: what the CASL condition of the back office is checked against. */
export interface StaffClockReading {
  readonly weekday: number;
  readonly minuteOfDay: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const FORMAT = /^([A-Z][a-z]{2})(?:-([A-Z][a-z]{2}))? ([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d) (\S+)$/;

/** Parses `Mon-Fri 09:00-18:00 Asia/Shanghai` (one day or a range, which may wrap: `Sat-Sun`); null with a reason if it is not. */
export function parseStaffHours(text: string): StaffHours | string {
  const match = FORMAT.exec(text.trim());
  if (!match) return 'must look like "Mon-Fri 09:00-18:00 Asia/Shanghai"';
  const [, from, to, startH, startM, endH, endM, timeZone] = match;
  const first = DAYS.indexOf(from!);
  const last = DAYS.indexOf(to ?? from!);
  if (first < 0 || last < 0) return `days are ${DAYS.join(', ')}`;
  const startMinute = Number(startH) * 60 + Number(startM);
  const endMinute = Number(endH) * 60 + Number(endM);
  if (startMinute >= endMinute || endMinute > 24 * 60) return 'the start must come before the end, within one day';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return `${timeZone} is not an IANA time zone`;
  }
  const days: number[] = [];
  for (let day = first; ; day = (day + 1) % 7) {
    days.push(day);
    if (day === last) break;
  }
  return { days: days.sort(), startMinute, endMinute, timeZone: timeZone! };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday and minute of the day of `at` in the staff's time zone. */
export function readStaffClock(hours: StaffHours, at: Date): StaffClockReading {
  let format = formatters.get(hours.timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(hours.timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { weekday: DAYS.indexOf(parts.weekday!), minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The CASL conditions an instant must meet to fall within the hours. */
export function staffHoursConditions(hours: StaffHours): Record<string, unknown> {
  return { weekday: { $in: hours.days }, minuteOfDay: { $gte: hours.startMinute, $lt: hours.endMinute } };
}

/** The next instant at or after `at` within the hours (to the minute): when the back office opens again. */
export function nextOpening(hours: StaffHours, at: Date): Date {
  const now = readStaffClock(hours, at);
  const startOfMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  for (let ahead = 0; ahead <= 7; ahead++) {
    const weekday = (now.weekday + ahead) % 7;
    if (!hours.days.includes(weekday)) continue;
    if (ahead === 0 && now.minuteOfDay >= hours.startMinute) continue;
    let candidate = new Date(startOfMinute + (ahead * 1440 + hours.startMinute - now.minuteOfDay) * 60_000);
    // A change of the clocks (daylight saving) between now and then moves the local time: correct it once.
    const reading = readStaffClock(hours, candidate);
    candidate = new Date(candidate.getTime() + (hours.startMinute - reading.minuteOfDay) * 60_000);
    return candidate;
  }
  throw new Error('staff hours name no day');
}

/** 403 AUTH.OUTSIDE_STAFF_HOURS, saying when the back office opens next. */
export function outsideStaffHours(hours: StaffHours, at: Date): DomainError {
  const opensAt = nextOpening(hours, at).toISOString();
  return new DomainError('AUTH.OUTSIDE_STAFF_HOURS', 'forbidden', `The back office is closed outside staff hours; it opens at ${opensAt}.`, {
    opensAt,
  });
}

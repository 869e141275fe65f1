import { describe, expect, it } from 'vitest';
import { isTimeZone, parseTimestamp } from './timestamps.js';

const iso = (value: unknown, zone: string | null = null) => parseTimestamp(value, zone)?.toISOString() ?? null;

describe('timestamps from every format the sources send, to UTC', () => {
  it('reads ISO 8601 with an offset or Z', () => {
    expect(iso('2026-11-20T08:00:00+08:00')).toBe('2026-11-20T00:00:00.000Z');
    expect(iso('2026-11-20T08:00:00.250Z')).toBe('2026-11-20T08:00:00.250Z');
    expect(iso('2026-11-20T08:00+0530')).toBe('2026-11-20T02:30:00.000Z');
  });

  it('reads epoch milliseconds as a number or as digits, and refuses seconds', () => {
    expect(iso(1_763_596_800_000)).toBe('2025-11-20T00:00:00.000Z');
    expect(iso('1763596800000')).toBe('2025-11-20T00:00:00.000Z');
    expect(iso(1_763_596_800)).toBeNull();
    expect(iso(1.5e12 + 0.5)).toBeNull();
    expect(iso('1763596800000x')).toBeNull();
    expect(iso('x1763596800000')).toBeNull();
    expect(iso('1234567890123456')).toBeNull();
    expect(iso('999999999999')).toBeNull();
    expect(iso(' 1763596800000 ')).toBe('2025-11-20T00:00:00.000Z');
  });

  it('reads wall-clock time in the source time zone, UTC when none, across a DST change', () => {
    expect(iso('2026-11-20 08:00:00', 'Asia/Shanghai')).toBe('2026-11-20T00:00:00.000Z');
    expect(iso('2026-11-20 08:00:00')).toBe('2026-11-20T08:00:00.000Z');
    expect(iso('2026-11-20T08:00:00', 'UTC')).toBe('2026-11-20T08:00:00.000Z');
    expect(iso('2026-07-01 12:00:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(iso('2026-01-01 12:00:00', 'Europe/Berlin')).toBe('2026-01-01T11:00:00.000Z');
    expect(iso('2026-11-20 08:00:00.5', 'Asia/Shanghai')).toBe('2026-11-20T00:00:00.500Z');
  });

  it('reads the same instants the second time, also in a UTC hour whose offset changes in its middle', () => {
    // Adelaide goes from +09:30 to +10:30 at 2026-10-03T16:30Z: the hour 16:00Z has two offsets.
    for (let round = 0; round < 2; round++) {
      expect(iso('2026-10-04 01:45:00', 'Australia/Adelaide')).toBe('2026-10-03T16:15:00.000Z');
      expect(iso('2026-10-04 03:15:00', 'Australia/Adelaide')).toBe('2026-10-03T16:45:00.000Z');
      expect(iso('2026-10-04 01:00:00', 'Australia/Adelaide')).toBe('2026-10-03T15:30:00.000Z');
      expect(iso('2026-10-04 04:00:00', 'Australia/Adelaide')).toBe('2026-10-03T17:30:00.000Z');
      expect(iso('2026-03-08 01:59:59', 'America/New_York')).toBe('2026-03-08T06:59:59.000Z');
      expect(iso('2026-03-08 03:00:00', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    }
  });

  it('refuses what is no timestamp: garbage, impossible dates, unknown zones, other types', () => {
    for (const value of ['yesterday', '2026-02-30 10:00:00', '2026-11-20 25:00:00', '20/11/2026', '', null, undefined, {}, true]) {
      expect(iso(value)).toBeNull();
    }
    expect(iso('2026-11-20 08:00:00', 'Mars/Olympus')).toBeNull();
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

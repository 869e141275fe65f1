/**
 * The timestamp formats sources send, to one UTC instant:
 * - ISO 8601 with an offset or `Z` (`2026-11-20T08:00:00+08:00`);
 * - epoch milliseconds, as a number or a string of digits;
 * - `YYYY-MM-DD HH:mm:ss` (or ISO without an offset), read as wall-clock time in the source's
 *   IANA time zone (`Asia/Shanghai`), UTC when the source names none.
 */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const EPOCH_MS = /^\d{10,15}$/;
/** Epoch values below this (2001-09-09) are seconds or garbage, not milliseconds. */
const MIN_EPOCH_MS = 1_000_000_000_000;

export function parseTimestamp(value: unknown, timeZone: string | null): Date | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= MIN_EPOCH_MS ? validDate(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (EPOCH_MS.test(text)) return parseTimestamp(Number(text), timeZone);
  if (ISO_WITH_OFFSET.test(text)) return validDate(Date.parse(text));
  const local = LOCAL.exec(text);
  if (!local) return null;
  const [, y, mo, d, h, mi, s = '0', ms = '0'] = local;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  const parts = new Date(wall);
  // Date.UTC rolls 2026-02-30 over to March: such a wall time does not exist.
  if (parts.getUTCDate() !== Number(d) || parts.getUTCMonth() !== Number(mo) - 1 || parts.getUTCHours() !== Number(h)) return null;
  if (!timeZone || timeZone === 'UTC') return validDate(wall);
  const offset = zoneOffsetMs(timeZone, wall);
  if (offset === null) return null;
  // The offset at the guessed instant; once more at the corrected one, for wall times near a DST change.
  const first = wall - offset;
  const second = zoneOffsetMs(timeZone, first);
  return second === null ? null : validDate(wall - second);
}

/** One formatter per zone, made on first use: making one costs far more than formatting with it. */
const ZONE_FORMATS = new Map<string, Intl.DateTimeFormat>();
/** Zone names are case-insensitive: the spellings kept are capped, so odd ones cannot grow the map without end. */
const MAX_ZONE_FORMATS = 1000;

function zoneFormat(timeZone: string): Intl.DateTimeFormat | null {
  let format: Intl.DateTimeFormat | null | undefined = ZONE_FORMATS.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      format = null;
    }
    if (format !== null && ZONE_FORMATS.size < MAX_ZONE_FORMATS) ZONE_FORMATS.set(timeZone, format);
  }
  return format;
}

/** Whether an IANA zone name is known to this runtime. */
export function isTimeZone(name: string): boolean {
  return zoneFormat(name) !== null;
}

const HOUR_MS = 3_600_000;
/** Per zone and UTC hour, the zone's offset when it holds for the whole hour (tzdata never changes an offset twice within one). */
const HOUR_OFFSETS = new Map<string, number>();
const MAX_HOUR_OFFSETS = 100_000;

/**
 * The zone's offset from UTC at `instant`, in ms (Asia/Shanghai: +8 h). Asking the formatter is
 * slow (it was most of a cleansing batch's JavaScript), so an hour whose first and last millisecond
 * have the same offset is remembered with it (tzdata never changes an offset twice within an hour);
 * in an hour with a change, the instant itself is asked each time.
 */
function zoneOffsetMs(timeZone: string, instant: number): number | null {
  const hour = Math.floor(instant / HOUR_MS) * HOUR_MS;
  const key = `${timeZone}|${hour}`;
  const known = HOUR_OFFSETS.get(key);
  if (known !== undefined) return known;
  const start = askedOffsetMs(timeZone, hour);
  if (start === null) return null;
  if (askedOffsetMs(timeZone, hour + HOUR_MS - 1) !== start) return askedOffsetMs(timeZone, instant);
  if (HOUR_OFFSETS.size >= MAX_HOUR_OFFSETS) HOUR_OFFSETS.clear();
  HOUR_OFFSETS.set(key, start);
  return start;
}

function askedOffsetMs(timeZone: string, instant: number): number | null {
  const format = zoneFormat(timeZone);
  if (format === null) return null;
  const fields = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(fields.year), Number(fields.month) - 1, Number(fields.day), Number(fields.hour), Number(fields.minute), Number(fields.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function validDate(ms: number): Date | null {
  return Number.isFinite(ms) ? new Date(ms) : null;
}

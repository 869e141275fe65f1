/** How long a membership period lasts: whole months or years follow the calendar; days are days. */
export interface Period {
  unit: 'day' | 'month' | 'year';
  count: number;
}

/**
 * `start` plus `period`, in UTC. Months and years keep the day of the month where they can and
 * clamp where they cannot (31 January + 1 month = 28 or 29 February), as people expect a monthly
 * plan to behave.
 */
export function addPeriod(start: string, period: Period): string {
  const date = new Date(start);
  if (period.unit === 'day') return new Date(date.getTime() + period.count * 86_400_000).toISOString();
  const months = period.unit === 'year' ? 12 * period.count : period.count;
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.toISOString();
}

export const addDays = (start: string, days: number): string => new Date(Date.parse(start) + days * 86_400_000).toISOString();

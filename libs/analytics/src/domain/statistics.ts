/**
 * Descriptive statistics, trends and a short forecast, pure, each with one stated definition so a
 * figure can be recounted by hand or in SQL:
 * - variance is the population variance (mean squared deviation from the mean, SQL `var_pop`);
 * - median and p90 interpolate linearly between the nearest ranks (SQL `percentile_cont`).
 */
export interface Description {
  readonly count: number;
  readonly sum: number;
  readonly mean: number | null;
  readonly variance: number | null;
  readonly median: number | null;
  readonly p90: number | null;
}

export function describe(values: readonly number[]): Description {
  const count = values.length;
  const sum = values.reduce((total, value) => total + value, 0);
  if (count === 0) return { count, sum, mean: null, variance: null, median: null, p90: null };
  const mean = sum / count;
  const variance = values.reduce((total, value) => total + (value - mean) ** 2, 0) / count;
  const sorted = [...values].sort((a, b) => a - b);
  return { count, sum, mean, variance, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) };
}

/** `percentile_cont(fraction)` of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  const rank = fraction * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return sorted[below]! + (rank - below) * (sorted[above]! - sorted[below]!);
}

export interface TrendPoint {
  readonly day: string;
  readonly value: number;
  /** Mean of this day and the six before it; null for the first six days of the series. */
  readonly movingAverage7: number | null;
}

export interface Forecast {
  readonly method: 'linear-regression';
  /** Next days after the series, from a least-squares line through the whole series. */
  readonly points: readonly { readonly day: string; readonly value: number }[];
  /** The same method fitted without the last `heldOutDays` days, scored on them. */
  readonly heldOutDays: number;
  readonly meanAbsoluteError: number | null;
}

export interface Trend {
  readonly points: readonly TrendPoint[];
  /** The last 7 days against the 7 before them, as a fraction (0.25 = +25 %); null without a previous week or with 0 in it. */
  readonly weekOverWeek: number | null;
  /** Mean value per weekday over the series, Monday first. */
  readonly weekdayProfile: readonly { readonly weekday: string; readonly mean: number | null }[];
  readonly forecast: Forecast;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY_MS = 86_400_000;
export const FORECAST_DAYS = 7;
export const HELD_OUT_DAYS = 7;

/** The trend of a daily series (every day present, oldest first, days as YYYY-MM-DD). */
export function trendOf(series: readonly { readonly day: string; readonly value: number }[]): Trend {
  const values = series.map((point) => point.value);
  const points = series.map((point, index) => ({
    ...point,
    movingAverage7: index < 6 ? null : values.slice(index - 6, index + 1).reduce((a, b) => a + b, 0) / 7,
  }));
  const lastWeek = values.slice(-7).reduce((a, b) => a + b, 0);
  const weekBefore = values.slice(-14, -7).reduce((a, b) => a + b, 0);
  const weekOverWeek = values.length >= 14 && weekBefore !== 0 ? (lastWeek - weekBefore) / weekBefore : null;
  const byWeekday = WEEKDAYS.map(() => [] as number[]);
  for (const point of series) byWeekday[(new Date(`${point.day}T00:00:00Z`).getUTCDay() + 6) % 7]!.push(point.value);
  const weekdayProfile = WEEKDAYS.map((weekday, index) => {
    const days = byWeekday[index]!;
    return { weekday, mean: days.length === 0 ? null : days.reduce((a, b) => a + b, 0) / days.length };
  });
  return { points, weekOverWeek, weekdayProfile, forecast: forecastOf(series) };
}

function forecastOf(series: readonly { readonly day: string; readonly value: number }[]): Forecast {
  const values = series.map((point) => point.value);
  const training = values.slice(0, -HELD_OUT_DAYS);
  let meanAbsoluteError: number | null = null;
  if (training.length >= 2) {
    const line = leastSquares(training);
    const errors = values.slice(-HELD_OUT_DAYS).map((actual, offset) => Math.abs(actual - line(training.length + offset)));
    meanAbsoluteError = errors.reduce((a, b) => a + b, 0) / errors.length;
  }
  const last = series.at(-1);
  const line = values.length >= 2 ? leastSquares(values) : () => values[0] ?? 0;
  const points = last
    ? Array.from({ length: FORECAST_DAYS }, (_, offset) => ({
        day: new Date(Date.parse(`${last.day}T00:00:00Z`) + (offset + 1) * DAY_MS).toISOString().slice(0, 10),
        // A count or an amount is never negative, whatever the line says.
        value: Math.max(0, line(values.length + offset)),
      }))
    : [];
  return { method: 'linear-regression', points, heldOutDays: HELD_OUT_DAYS, meanAbsoluteError };
}

/** The least-squares line through (0, y0), (1, y1), …, as a function of x. */
export function leastSquares(values: readonly number[]): (x: number) => number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let covariance = 0;
  let spread = 0;
  values.forEach((y, x) => {
    covariance += (x - meanX) * (y - meanY);
    spread += (x - meanX) ** 2;
  });
  const slope = spread === 0 ? 0 : covariance / spread;
  return (x) => meanY + slope * (x - meanX);
}

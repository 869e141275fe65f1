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

export const FORECAST_METHODS = ['linear-regression', 'holt-winters'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export interface Forecast {
  /** The candidate with the smaller error on the held-out days (the simpler one, the line, on a tie). */
  readonly method: ForecastMethod;
  /** Next days after the series, from the chosen method fitted to the whole series. */
  readonly points: readonly { readonly day: string; readonly value: number }[];
  /** Each method fitted without the last `heldOutDays` days, scored on them. */
  readonly heldOutDays: number;
  /** The chosen method's mean absolute error on the held-out days; null when too short to hold any out. */
  readonly meanAbsoluteError: number | null;
  /** Every method that could be fitted, with its held-out error: why the chosen one was chosen. */
  readonly candidates: readonly { readonly method: ForecastMethod; readonly meanAbsoluteError: number }[];
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

/** A fitted method: the value it predicts `h` days (1, 2, …) after the last day it was fitted on. */
type Predictor = (h: number) => number;

const FITTERS: Readonly<Record<ForecastMethod, (values: readonly number[]) => Predictor | null>> = {
  'linear-regression': (values) => {
    if (values.length === 0) return null;
    const line = values.length >= 2 ? leastSquares(values) : () => values[0]!;
    return (h) => line(values.length - 1 + h);
  },
  'holt-winters': (values) => holtWinters(values),
};

function forecastOf(series: readonly { readonly day: string; readonly value: number }[]): Forecast {
  const values = series.map((point) => point.value);
  const training = values.slice(0, -HELD_OUT_DAYS);
  const heldOut = values.slice(-HELD_OUT_DAYS);
  const candidates: { method: ForecastMethod; meanAbsoluteError: number }[] = [];
  for (const method of FORECAST_METHODS) {
    // The line needs two days to be a line; Holt–Winters, two weeks (see holtWinters).
    const predict = training.length >= 2 ? FITTERS[method](training) : null;
    if (!predict) continue;
    candidates.push({ method, meanAbsoluteError: heldOut.reduce((sum, actual, offset) => sum + Math.abs(actual - predict(offset + 1)), 0) / heldOut.length });
  }
  const best = candidates.reduce<(typeof candidates)[number] | null>((chosen, candidate) => (chosen && chosen.meanAbsoluteError <= candidate.meanAbsoluteError ? chosen : candidate), null);
  const method = best?.method ?? 'linear-regression';
  const predict = FITTERS[method](values);
  const last = series.at(-1);
  const points =
    last && predict
      ? Array.from({ length: FORECAST_DAYS }, (_, offset) => ({
          day: new Date(Date.parse(`${last.day}T00:00:00Z`) + (offset + 1) * DAY_MS).toISOString().slice(0, 10),
          // A count or an amount is never negative, whatever the model says.
          value: Math.max(0, predict(offset + 1)),
        }))
      : [];
  return { method, points, heldOutDays: HELD_OUT_DAYS, meanAbsoluteError: best?.meanAbsoluteError ?? null, candidates };
}

const SEASON = 7;
/** The smoothing weights tried for level, trend and season, each: the fit keeps the best one-day-ahead triple. */
const SMOOTHING_GRID = [0.1, 0.3, 0.5, 0.7, 0.9];

/**
 * Additive Holt–Winters with a weekly season: level, trend and a weekday's offset, each smoothed
 * exponentially. Started from the first two weeks (level and trend from their means, each weekday's
 * offset from the first week less the trend line through it), so a series that is a line plus a
 * weekly pattern is followed without error from the start. The weights (α, β, γ) are those of the
 * grid with the smallest squared one-day-ahead error over the series. Null under two weeks.
 */
export function holtWinters(values: readonly number[]): Predictor | null {
  if (values.length < 2 * SEASON) return null;
  let best: { error: number; predict: Predictor } | null = null;
  for (const alpha of SMOOTHING_GRID) {
    for (const beta of SMOOTHING_GRID) {
      for (const gamma of SMOOTHING_GRID) {
        const fit = holtWintersFit(values, alpha, beta, gamma);
        if (!best || fit.error < best.error) best = fit;
      }
    }
  }
  return best!.predict;
}

function holtWintersFit(values: readonly number[], alpha: number, beta: number, gamma: number): { error: number; predict: Predictor } {
  const mean = (from: number) => values.slice(from, from + SEASON).reduce((a, b) => a + b, 0) / SEASON;
  const middle = (SEASON - 1) / 2;
  let trend = (mean(SEASON) - mean(0)) / SEASON;
  // The level at the end of the first week; seasonal[t] is the offset of day t's weekday as known at t.
  let level = mean(0) + middle * trend;
  const seasonal = values.slice(0, SEASON).map((value, day) => value - (mean(0) + (day - middle) * trend));
  let error = 0;
  for (let t = SEASON; t < values.length; t++) {
    const value = values[t]!;
    error += (value - (level + trend + seasonal[t - SEASON]!)) ** 2;
    const previous = level;
    level = alpha * (value - seasonal[t - SEASON]!) + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
    seasonal.push(gamma * (value - level) + (1 - gamma) * seasonal[t - SEASON]!);
  }
  const n = values.length;
  const [lastLevel, lastTrend] = [level, trend];
  return { error, predict: (h) => lastLevel + h * lastTrend + seasonal[n - SEASON + ((h - 1) % SEASON)]! };
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

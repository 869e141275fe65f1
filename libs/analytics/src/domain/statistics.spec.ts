import { describe as group, expect, it } from 'vitest';
import { describe, holtWinters, leastSquares, percentile, trendOf } from './statistics.js';

group('descriptive statistics', () => {
  it('counts, sums and averages; population variance; median and p90 interpolated like percentile_cont', () => {
    expect(describe([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ count: 8, sum: 40, mean: 5, variance: 4, median: 4.5, p90: 7.6 });
    expect(describe([3])).toEqual({ count: 1, sum: 3, mean: 3, variance: 0, median: 3, p90: 3 });
    expect(describe([])).toEqual({ count: 0, sum: 0, mean: null, variance: null, median: null, p90: null });
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20], 0.9)).toBe(19);
  });
});

group('trends', () => {
  const days = (values: number[], start = '2026-11-02') =>
    values.map((value, i) => ({ day: new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), value }));

  it('gives a 7-day moving average from the seventh day, week-over-week growth and a weekday profile', () => {
    // 2026-11-02 is a Monday.
    const trend = trendOf(days([1, 2, 3, 4, 5, 6, 7, 2, 4, 6, 8, 10, 12, 14]));
    expect(trend.points.map((p) => p.movingAverage7)).toEqual([null, null, null, null, null, null, 4, 29 / 7, 31 / 7, 34 / 7, 38 / 7, 43 / 7, 49 / 7, 8]);
    expect(trend.weekOverWeek).toBe((56 - 28) / 28);
    expect(trend.weekdayProfile).toEqual([
      { weekday: 'Mon', mean: 1.5 },
      { weekday: 'Tue', mean: 3 },
      { weekday: 'Wed', mean: 4.5 },
      { weekday: 'Thu', mean: 6 },
      { weekday: 'Fri', mean: 7.5 },
      { weekday: 'Sat', mean: 9 },
      { weekday: 'Sun', mean: 10.5 },
    ]);
    expect(trendOf(days([1, 2, 3])).weekOverWeek).toBeNull();
    expect(trendOf(days([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1])).weekOverWeek).toBeNull();
  });

  it('forecasts a straight line exactly, with no error on the held-out week, and never below zero', () => {
    const line = trendOf(days(Array.from({ length: 21 }, (_, i) => 3 + 2 * i)));
    expect(line.forecast.meanAbsoluteError).toBeCloseTo(0, 9);
    expect(line.forecast.points.map((p) => p.value)).toEqual([45, 47, 49, 51, 53, 55, 57].map((v) => expect.closeTo(v, 9)));
    expect(line.forecast.points[0]!.day).toBe('2026-11-23');
    const falling = trendOf(days([20, 15, 10, 5, 0, 0, 0, 0, 0]));
    expect(falling.forecast.points.every((p) => p.value >= 0)).toBe(true);
    // The held-out week scores a line fitted without it: [0..7) trains, the rest is off by what the line missed.
    const bent = trendOf(days([0, 0, 0, 0, 0, 0, 0, 7, 7, 7, 7, 7, 7, 7]));
    expect(bent.forecast.meanAbsoluteError).toBe(7);
    expect(leastSquares([5])(3)).toBe(5);
    expect(trendOf([]).forecast).toEqual({ method: 'linear-regression', points: [], heldOutDays: 7, meanAbsoluteError: null, candidates: [] });
    // A line is forecast as well by both: on a tie the line, the simpler, is kept.
    expect(line.forecast.method).toBe('linear-regression');
    expect(line.forecast.candidates).toEqual([
      { method: 'linear-regression', meanAbsoluteError: expect.closeTo(0, 9) },
      { method: 'holt-winters', meanAbsoluteError: expect.closeTo(0, 9) },
    ]);
  });

  const WEEK = [10, 20, 30, 40, 50, 5, 0];

  it('forecasts a perfect weekly pattern exactly with Holt-Winters, chosen over the line by its held-out error', () => {
    const weekly = trendOf(days(Array.from({ length: 28 }, (_, i) => WEEK[i % 7]!)));
    expect(weekly.forecast.method).toBe('holt-winters');
    expect(weekly.forecast.meanAbsoluteError).toBeCloseTo(0, 9);
    expect(weekly.forecast.points.map((p) => p.value)).toEqual(WEEK.map((v) => expect.closeTo(v, 9)));
    const line = weekly.forecast.candidates.find((candidate) => candidate.method === 'linear-regression')!;
    expect(line.meanAbsoluteError).toBeGreaterThan(10);
  });

  it('follows a trend under the weekly pattern', () => {
    const values = Array.from({ length: 35 }, (_, i) => 100 + 3 * i + WEEK[i % 7]!);
    const rising = trendOf(days(values));
    expect(rising.forecast.method).toBe('holt-winters');
    expect(rising.forecast.meanAbsoluteError).toBeCloseTo(0, 9);
    expect(rising.forecast.points.map((p) => p.value)).toEqual(WEEK.map((v, h) => expect.closeTo(100 + 3 * (35 + h) + v, 9)));
    // The pure function, fitted on two weeks of it, already sees the third.
    const predict = holtWinters(values.slice(0, 14))!;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(predict)).toEqual([14, 15, 16, 17, 18, 19, 20, 21].map((t) => expect.closeTo(100 + 3 * t + WEEK[t % 7]!, 9)));
  });

  it('keeps the line when the held-out week breaks the pattern, and needs two weeks for Holt-Winters', () => {
    const broken = trendOf(days([...WEEK, ...WEEK, 22, 22, 22, 22, 22, 22, 22]));
    const errors = Object.fromEntries(broken.forecast.candidates.map((c) => [c.method, c.meanAbsoluteError]));
    expect(errors['linear-regression']).toBeLessThan(errors['holt-winters']!);
    expect(broken.forecast).toMatchObject({ method: 'linear-regression', meanAbsoluteError: errors['linear-regression'] });
    expect(holtWinters(Array.from({ length: 13 }, () => 1))).toBeNull();
    // Thirteen days train only the line (20 in all, 7 held out).
    expect(trendOf(days(Array.from({ length: 20 }, (_, i) => WEEK[i % 7]!))).forecast.candidates.map((c) => c.method)).toEqual(['linear-regression']);
  });
});

/**
 * The statistics an experiment's results carry: a 95 % Wilson score interval on each variant's rate,
 * and a pooled two-proportion z-test between the two variants. Pure functions; no dependency.
 */

/** The standard normal quantile of 0.975: a 95 % two-sided interval is ±Z95 standard errors. */
export const Z95 = 1.959963984540054;
/** The level at which a difference is called significant (two-sided). */
export const SIGNIFICANCE_LEVEL = 0.05;
/**
 * The z-test's normal approximation is trusted only when, under the pooled rate p̄, each variant
 * expects at least this many successes and this many failures (n·p̄ ≥ 5 and n·(1 − p̄) ≥ 5, the
 * usual textbook rule); below it the test is null ("too little data").
 */
export const MIN_EXPECTED_COUNT = 5;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * The Wilson score interval (no continuity correction) of `successes` out of `trials` at ±z
 * (default 95 %): (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). Null for no trials.
 * Unlike p̂ ± z·SE it stays inside [0, 1] and is not empty at 0 or n successes.
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z95): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // Clamped: at 0 or n successes the bound is 0 or 1 exactly, not a rounding error away from it.
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ProportionTest {
  /** The second rate minus the first. */
  readonly difference: number;
  /** difference / √(p̄(1−p̄)(1/n₁ + 1/n₂)), p̄ the pooled rate. */
  readonly z: number;
  /** Two-sided: P(|Z| ≥ |z|) under the null hypothesis of equal rates. */
  readonly pValue: number;
  /** pValue < SIGNIFICANCE_LEVEL. */
  readonly significant: boolean;
}

/**
 * The pooled two-proportion z-test of x₂/n₂ against x₁/n₁ (two-sided). Null when there is too little
 * data for its normal approximation: either variant has no trials, or either expects fewer than
 * MIN_EXPECTED_COUNT successes or failures under the pooled rate (which includes a pooled rate of 0
 * or 1, where there is no variance to test against).
 */
export function twoProportionZTest(first: { successes: number; trials: number }, second: { successes: number; trials: number }): ProportionTest | null {
  const { successes: x1, trials: n1 } = first;
  const { successes: x2, trials: n2 } = second;
  const pooled = (x1 + x2) / (n1 + n2);
  // The fewest successes or failures a variant expects under the pooled rate: 0 for a variant with
  // no trials, NaN for none at all (0/0); either way too few.
  const fewest = Math.min(n1, n2) * Math.min(pooled, 1 - pooled);
  if (!(fewest >= MIN_EXPECTED_COUNT)) return null;
  const difference = x2 / n2 - x1 / n1;
  const z = difference / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const pValue = twoSidedNormalP(z);
  return { difference, z, pValue, significant: pValue < SIGNIFICANCE_LEVEL };
}

/** P(|Z| ≥ |z|) for a standard normal Z: erfc(|z|/√2). */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/**
 * The complementary error function for x ≥ 0, by the Chebyshev fit of Numerical Recipes (2nd ed.,
 * §6.2, `erfcc`): fractional error below 1.2·10⁻⁷ everywhere, which is far finer than any decision
 * taken at 0.05.
 */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(-x * x + poly);
}

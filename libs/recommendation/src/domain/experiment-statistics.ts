/**
 * The statistics an experiment's results carry: a 95 % Wilson score interval on each variant's rate,
 * a pooled two-proportion z-test between the two variants (valid for one read at a fixed horizon) and
 * a mixture sequential test with its confidence sequence (valid however often the results are read).
 * Pure functions; no dependency.
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
  if (!enoughForNormalApproximation(first, second)) return null;
  const { successes: x1, trials: n1 } = first;
  const { successes: x2, trials: n2 } = second;
  const pooled = (x1 + x2) / (n1 + n2);
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

/**
 * The prior spread τ of the mixture sequential test: the differences of rates it is tuned to find are
 * around a few points (τ = 0.05, a difference of 5 percentage points, one standard deviation of the
 * normal mixture). Johari et al. choose τ from past experiments; we have none yet, and any fixed τ
 * keeps the guarantee: τ only moves where the power lies.
 */
export const MIXTURE_SD = 0.05;

export interface SequentialProportionTest {
  /** The second rate minus the first (as the z-test's). */
  readonly difference: number;
  /**
   * The mixture likelihood ratio Λ = √(V/(V+τ²)) · exp(τ²·d² / (2V(V+τ²))), V the unpooled variance
   * p̂₁(1−p̂₁)/n₁ + p̂₂(1−p̂₂)/n₂ of the difference d, τ = MIXTURE_SD.
   */
  readonly likelihoodRatio: number;
  /** Always-valid p-value: min(previous, 1/Λ) (1/Λ capped at 1 when no previous one is kept). */
  readonly pValue: number;
  /** pValue ≤ SIGNIFICANCE_LEVEL: the difference is significant however often the results were read. */
  readonly significant: boolean;
  /**
   * The always-valid 95 % confidence sequence for the difference at this read: the differences θ the
   * mixture test would not reject, d ± √(V(V+τ²)/τ² · (2·ln(1/α) + ln((V+τ²)/V))). It excludes 0
   * exactly when 1/Λ ≤ α.
   */
  readonly confidenceSequence: Interval;
}

/**
 * The mixture sequential probability ratio test (mSPRT) of equal rates, Johari, Koomen, Pekelis &
 * Walsh, "Always Valid Inference: Continuous Monitoring of A/B Tests" (Operations Research 70(3),
 * 2022), with a normal mixture N(0, τ²) over the difference and the normal approximation of the
 * difference of two proportions (their §4 for binary data: plug-in variance). Under equal rates the
 * chance that 1/Λ ever falls to α, however often it is looked at and whenever one stops, is at most α
 * (Ville's inequality on the mixture martingale), where the fixed-horizon z-test's is α at one read.
 *
 * `previousPValue` is the p-value a previous read gave: the always-valid p-value is the running minimum
 * of 1/Λ, so it never rises. Left out (1), the answer is 1/Λ of the counts given only: it may rise
 * again at a later read, and a difference once called significant must be kept as decided (stop the
 * experiment at the first significant read); the guarantee is about that first read.
 *
 * Null on the z-test's rule (too little data for the normal approximation), and when V = 0 (every
 * learner of one variant succeeded and none of the other: no spread to measure the difference against).
 */
export function mixtureSequentialTest(
  first: { successes: number; trials: number },
  second: { successes: number; trials: number },
  previousPValue = 1,
  tau: number = MIXTURE_SD,
  alpha: number = SIGNIFICANCE_LEVEL,
): SequentialProportionTest | null {
  if (!enoughForNormalApproximation(first, second)) return null;
  const p1 = first.successes / first.trials;
  const p2 = second.successes / second.trials;
  const difference = p2 - p1;
  const variance = (p1 * (1 - p1)) / first.trials + (p2 * (1 - p2)) / second.trials;
  if (!(variance > 0)) return null;
  const tau2 = tau * tau;
  // In logarithms: exp(τ²d²/(2V(V+τ²))) overflows for a large difference long before 1/Λ stops being 0.
  const logRatio = 0.5 * Math.log(variance / (variance + tau2)) + (tau2 * difference * difference) / (2 * variance * (variance + tau2));
  const pValue = Math.min(previousPValue, 1, Math.exp(-logRatio));
  const half = Math.sqrt(((variance * (variance + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
  return {
    difference,
    likelihoodRatio: Math.exp(logRatio),
    pValue,
    significant: pValue <= alpha,
    confidenceSequence: { low: difference - half, high: difference + half },
  };
}

/** The z-test's condition (see twoProportionZTest): each variant expects MIN_EXPECTED_COUNT successes and failures under the pooled rate. */
function enoughForNormalApproximation(first: { successes: number; trials: number }, second: { successes: number; trials: number }): boolean {
  const pooled = (first.successes + second.successes) / (first.trials + second.trials);
  // 0 for a variant with no trials, NaN for none at all (0/0); either way too few.
  const fewest = Math.min(first.trials, second.trials) * Math.min(pooled, 1 - pooled);
  return fewest >= MIN_EXPECTED_COUNT;
}

import { describe, expect, it } from 'vitest';
import { MIN_EXPECTED_COUNT, MIXTURE_SD, mixtureSequentialTest, SIGNIFICANCE_LEVEL, twoProportionZTest, twoSidedNormalP, wilsonInterval, Z95 } from './experiment-statistics.js';

/**
 * Reference values: the Wilson ("score", method 3) intervals of Newcombe, "Two-sided confidence
 * intervals for the single proportion: comparison of seven methods", Statistics in Medicine 17
 * (1998), Table I, given there to 4 decimals; the z-tests and normal tails computed by hand from
 * the textbook formula and checked against scipy.stats.norm (1.17) to 12 significant digits.
 */
describe('wilsonInterval (95 %)', () => {
  it.each([
    // successes, trials, Newcombe's Table I, scipy to 10 decimals
    [81, 263, [0.2553, 0.3662], [0.2552885199, 0.366209577]],
    [15, 148, [0.0624, 0.1605], [0.0623863995, 0.1604872417]],
    [0, 20, [0, 0.1611], [0, 0.1611251581]],
    [1, 29, [0.0061, 0.1718], [0.0061132143, 0.1717552188]],
  ])('given %i of %i, it gives Newcombe\'s interval', (successes, trials, table, precise) => {
    const interval = wilsonInterval(successes, trials)!;
    expect(interval.low).toBeCloseTo(table[0]!, 4);
    expect(interval.high).toBeCloseTo(table[1]!, 4);
    expect(interval.low).toBeCloseTo(precise[0]!, 9);
    expect(interval.high).toBeCloseTo(precise[1]!, 9);
  });

  it('given half, it is symmetric around one half', () => {
    const interval = wilsonInterval(5, 10)!;
    expect(interval.low).toBeCloseTo(0.2365930905, 9);
    expect(interval.high).toBeCloseTo(0.7634069095, 9);
  });

  it('given every trial a success, it ends at exactly 1 and mirrors 0 of n', () => {
    expect(wilsonInterval(20, 20)).toEqual({ low: 1 - wilsonInterval(0, 20)!.high, high: 1 });
    expect(wilsonInterval(20, 20)!.low).toBeCloseTo(0.8388748419, 9);
    expect(wilsonInterval(0, 20)!.low).toBe(0);
  });

  it('given no trials, there is no interval', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(0, -1)).toBeNull();
  });

  it('given one trial, it is still an interval inside [0, 1]', () => {
    const interval = wilsonInterval(1, 1)!;
    expect(interval.high).toBe(1);
    expect(interval.low).toBeCloseTo(1 / (1 + Z95 * Z95), 12);
  });

  it('narrows as the trials grow at the same rate', () => {
    const small = wilsonInterval(10, 100)!;
    const large = wilsonInterval(1000, 10000)!;
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeLessThan(0.1);
    expect(large.high).toBeGreaterThan(0.1);
  });

  it('takes another z (90 %: 1.644854) for a narrower interval', () => {
    const ninety = wilsonInterval(81, 263, 1.6448536269514722)!;
    const ninetyFive = wilsonInterval(81, 263)!;
    expect(ninety.low).toBeGreaterThan(ninetyFive.low);
    expect(ninety.high).toBeLessThan(ninetyFive.high);
  });
});

describe('twoSidedNormalP', () => {
  it.each([
    [Z95, 0.05],
    [-Z95, 0.05],
    [2.5758293035489, 0.01],
    [3.2905267314919, 0.001],
    [1, 0.317310507863],
  ])('given z = %f, it gives the normal table\'s %f', (z, p) => {
    // Numerical Recipes' erfc: fractional error below 1.2e-7.
    expect(Math.abs(twoSidedNormalP(z) - p) / p).toBeLessThan(1.2e-7);
  });

  it('given z = 0, every difference is as likely: p = 1', () => {
    expect(twoSidedNormalP(0)).toBe(1);
  });

  it('falls towards 0 in the far tail', () => {
    expect(twoSidedNormalP(10)).toBeLessThan(1e-22);
    expect(twoSidedNormalP(10)).toBeGreaterThan(0);
  });
});

describe('twoProportionZTest (pooled, two-sided)', () => {
  it('given 200/1000 against 250/1000, it finds the difference significant (z = 2.677, p = 0.0074)', () => {
    // By hand: p̄ = 450/2000 = 0.225; SE = √(0.225·0.775·(2/1000)) = 0.0186748; z = 0.05 / 0.0186748.
    const test = twoProportionZTest({ successes: 200, trials: 1000 }, { successes: 250, trials: 1000 })!;
    expect(test.difference).toBeCloseTo(0.05, 12);
    expect(test.z).toBeCloseTo(2.67739776301, 9);
    expect(Math.abs(test.pValue - 0.00741964926103) / 0.00741964926103).toBeLessThan(1.2e-7);
    expect(test.significant).toBe(true);
  });

  it('given the second variant lower, the difference and z are negative and p is the same two-sided tail', () => {
    const test = twoProportionZTest({ successes: 56, trials: 100 }, { successes: 48, trials: 100 })!;
    expect(test.difference).toBeCloseTo(-0.08, 12);
    expect(test.z).toBeCloseTo(-1.13227703414, 9);
    expect(test.pValue).toBeCloseTo(0.257517982249, 6);
    expect(test.significant).toBe(false);
    const swapped = twoProportionZTest({ successes: 48, trials: 100 }, { successes: 56, trials: 100 })!;
    expect(swapped.z).toBeCloseTo(1.13227703414, 9);
    expect(swapped.pValue).toBeCloseTo(test.pValue, 12);
  });

  it('given unequal groups (300 and 700), it weighs each by its size', () => {
    const test = twoProportionZTest({ successes: 30, trials: 300 }, { successes: 60, trials: 700 })!;
    expect(test.difference).toBeCloseTo(60 / 700 - 0.1, 12);
    expect(test.z).toBeCloseTo(-0.723385262203, 9);
    expect(test.pValue).toBeCloseTo(0.46944322314, 6);
    expect(test.significant).toBe(false);
  });

  it('calls a p just under the level significant and one just over it not', () => {
    // 0 difference → p = 1; the boundary is the level itself, strictly.
    expect(SIGNIFICANCE_LEVEL).toBe(0.05);
    const under = twoProportionZTest({ successes: 100, trials: 1000 }, { successes: 128, trials: 1000 })!;
    const over = twoProportionZTest({ successes: 100, trials: 1000 }, { successes: 126, trials: 1000 })!;
    expect(under.pValue).toBeLessThan(0.05);
    expect(under.significant).toBe(true);
    expect(over.pValue).toBeGreaterThan(0.05);
    expect(over.significant).toBe(false);
  });

  it('given equal rates, z is 0 and p is 1', () => {
    expect(twoProportionZTest({ successes: 50, trials: 100 }, { successes: 100, trials: 200 })).toEqual({ difference: 0, z: 0, pValue: 1, significant: false });
  });

  describe('too little data: null', () => {
    it('given a variant nobody was exposed to', () => {
      expect(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 10, trials: 100 })).toBeNull();
      expect(twoProportionZTest({ successes: 10, trials: 100 }, { successes: 0, trials: 0 })).toBeNull();
      expect(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 0, trials: 0 })).toBeNull();
    });

    it('given no success anywhere (pooled rate 0) or only successes (1)', () => {
      expect(twoProportionZTest({ successes: 0, trials: 700 }, { successes: 0, trials: 300 })).toBeNull();
      expect(twoProportionZTest({ successes: 700, trials: 700 }, { successes: 300, trials: 300 })).toBeNull();
    });

    it(`given fewer than ${MIN_EXPECTED_COUNT} expected successes in the smaller variant, and at exactly ${MIN_EXPECTED_COUNT} a test`, () => {
      // Pooled 10/200 = 0.05: each of 100 trials expects 5 successes — enough; 9/200 expects 4.5 — not.
      expect(twoProportionZTest({ successes: 4, trials: 100 }, { successes: 6, trials: 100 })).not.toBeNull();
      expect(twoProportionZTest({ successes: 4, trials: 100 }, { successes: 5, trials: 100 })).toBeNull();
      // The smaller variant decides: 20 trials of a pooled 0.25 expect 5.
      expect(twoProportionZTest({ successes: 5, trials: 20 }, { successes: 45, trials: 180 })).not.toBeNull();
      expect(twoProportionZTest({ successes: 4, trials: 19 }, { successes: 45, trials: 180 })).toBeNull();
    });

    it('given fewer than 5 expected failures (a rate near 1)', () => {
      // Pooled 190/200 = 0.95: 100 trials expect 5 failures — enough; 191/200: 4.5 — not.
      expect(twoProportionZTest({ successes: 96, trials: 100 }, { successes: 94, trials: 100 })).not.toBeNull();
      expect(twoProportionZTest({ successes: 96, trials: 100 }, { successes: 95, trials: 100 })).toBeNull();
    });
  });
});

/**
 * The mixture SPRT (Johari, Koomen, Pekelis & Walsh 2022) with τ = MIXTURE_SD = 0.05, α = 0.05. The
 * reference values are the formulas worked with `bc -l` (scale 30), not with this code:
 *   V = p̂₁(1−p̂₁)/n₁ + p̂₂(1−p̂₂)/n₂, d = p̂₂ − p̂₁, τ² = 0.0025
 *   ln Λ = ½·ln(V/(V+τ²)) + τ²d²/(2V(V+τ²)),  p = min(1, 1/Λ)
 *   half-width = √(V(V+τ²)/τ² · (2·ln 20 + ln((V+τ²)/V)))
 * e.g. 200/1000 against 250/1000: V = 0.16/1000 + 0.1875/1000 = 0.0003475,
 * ln Λ = ½·ln(0.0003475/0.0028475) + 0.0025·0.0025/(2·0.0003475·0.0028475) = −1.051579 + 3.158004 = 2.106425,
 * Λ = 8.2188, p = 0.12167; half-width = √(0.00039580 · (5.991465 + 2.103430)) = 0.056604.
 */
describe('mixtureSequentialTest (always valid, τ = 0.05)', () => {
  it('has the mixture spread the formulas below were worked with', () => {
    expect(MIXTURE_SD).toBe(0.05);
  });

  it('given 200/1000 against 250/1000, which one fixed-horizon read calls significant (p = 0.0074), it does not yet (p = 0.1217)', () => {
    const test = mixtureSequentialTest({ successes: 200, trials: 1000 }, { successes: 250, trials: 1000 })!;
    expect(test.difference).toBeCloseTo(0.05, 12);
    expect(test.likelihoodRatio).toBeCloseTo(8.218804201582657, 10);
    expect(test.pValue).toBeCloseTo(0.121672201390007, 12);
    expect(test.significant).toBe(false);
    expect(test.confidenceSequence.low).toBeCloseTo(-0.006603712798597, 12);
    expect(test.confidenceSequence.high).toBeCloseTo(0.106603712798597, 12);
    expect(twoProportionZTest({ successes: 200, trials: 1000 }, { successes: 250, trials: 1000 })!.significant).toBe(true);
  });

  it('given 100/1000 against 160/1000, it finds the difference (p = 0.0022) and its sequence excludes 0', () => {
    const test = mixtureSequentialTest({ successes: 100, trials: 1000 }, { successes: 160, trials: 1000 })!;
    expect(test.difference).toBeCloseTo(0.06, 12);
    expect(test.likelihoodRatio).toBeCloseTo(451.424337453411, 8);
    expect(test.pValue).toBeCloseTo(0.002215210650009, 12);
    expect(test.significant).toBe(true);
    expect(test.confidenceSequence.low).toBeCloseTo(0.014440336044103, 12);
    expect(test.confidenceSequence.high).toBeCloseTo(0.105559663955897, 12);
  });

  it('given unequal groups and a second variant lower (30/300 against 60/700), Λ < 1: p is capped at 1 and the sequence spans 0', () => {
    const test = mixtureSequentialTest({ successes: 30, trials: 300 }, { successes: 60, trials: 700 })!;
    expect(test.difference).toBeCloseTo(60 / 700 - 0.1, 12);
    expect(test.likelihoodRatio).toBeCloseTo(0.465251687869695, 12);
    expect(test.pValue).toBe(1);
    expect(test.significant).toBe(false);
    expect(test.confidenceSequence.low).toBeCloseTo(-0.076037779462717, 12);
    expect(test.confidenceSequence.high).toBeCloseTo(0.047466350891288, 12);
  });

  it('given the p-value of a previous read, it keeps the running minimum: it never rises', () => {
    const later = mixtureSequentialTest({ successes: 200, trials: 1000 }, { successes: 250, trials: 1000 }, 0.03)!;
    expect(later.pValue).toBe(0.03);
    expect(later.significant).toBe(true);
    const lower = mixtureSequentialTest({ successes: 100, trials: 1000 }, { successes: 160, trials: 1000 }, 0.03)!;
    expect(lower.pValue).toBeCloseTo(0.002215210650009, 12);
  });

  it('calls significant exactly when its confidence sequence leaves out 0 (both say Λ ≥ 1/α)', () => {
    for (let second = 100; second <= 200; second += 2) {
      const test = mixtureSequentialTest({ successes: 100, trials: 1000 }, { successes: second, trials: 1000 })!;
      const excludesZero = test.confidenceSequence.low > 0 || test.confidenceSequence.high < 0;
      expect(excludesZero).toBe(test.significant);
    }
  });

  it('given a difference so large that Λ overflows a double, p is 0 rather than NaN', () => {
    const test = mixtureSequentialTest({ successes: 5000, trials: 100000 }, { successes: 60000, trials: 100000 })!;
    expect(test.likelihoodRatio).toBe(Infinity);
    expect(test.pValue).toBe(0);
    expect(test.significant).toBe(true);
  });

  describe('too little data: null', () => {
    it('given the z-test\'s rule (no exposure, fewer than 5 expected successes or failures)', () => {
      expect(mixtureSequentialTest({ successes: 0, trials: 0 }, { successes: 10, trials: 100 })).toBeNull();
      expect(mixtureSequentialTest({ successes: 0, trials: 700 }, { successes: 0, trials: 300 })).toBeNull();
      expect(mixtureSequentialTest({ successes: 4, trials: 100 }, { successes: 5, trials: 100 })).toBeNull();
      expect(mixtureSequentialTest({ successes: 4, trials: 100 }, { successes: 6, trials: 100 })).not.toBeNull();
    });

    it('given no spread at all (none of one variant, all of the other)', () => {
      expect(mixtureSequentialTest({ successes: 0, trials: 10 }, { successes: 10, trials: 10 })).toBeNull();
    });
  });

  /**
   * Operators who read the results after every 50 learners per variant, 60 times (up to 3,000 each),
   * and stop at the first read that says "significant". 1,000 experiments, seeded.
   */
  describe('read again and again: stopping at the first significant read', () => {
    const LOOKS = 60;
    const PER_LOOK = 50;
    const EXPERIMENTS = 1000;

    /** mulberry32: a small seeded generator, uniform in [0, 1). */
    function seeded(seed: number): () => number {
      let state = seed >>> 0;
      return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    /** The share of experiments stopped on a "significant" read, for each test. */
    function stoppedOnSignificance(firstRate: number, secondRate: number): { zTest: number; sequential: number } {
      const random = seeded(20221);
      let zStops = 0;
      let sequentialStops = 0;
      let rises = 0;
      for (let experiment = 0; experiment < EXPERIMENTS; experiment++) {
        const first = { successes: 0, trials: 0 };
        const second = { successes: 0, trials: 0 };
        let zStopped = false;
        let sequentialP = 1;
        for (let look = 0; look < LOOKS; look++) {
          for (let learner = 0; learner < PER_LOOK; learner++) {
            if (random() < firstRate) first.successes++;
            if (random() < secondRate) second.successes++;
          }
          first.trials += PER_LOOK;
          second.trials += PER_LOOK;
          if (twoProportionZTest(first, second)?.significant) zStopped = true;
          const sequential = mixtureSequentialTest(first, second, sequentialP);
          if (sequential) {
            if (sequential.pValue > sequentialP) rises++;
            sequentialP = sequential.pValue;
          }
        }
        if (zStopped) zStops++;
        if (sequentialP <= SIGNIFICANCE_LEVEL) sequentialStops++;
      }
      // The running minimum: the always-valid p-value never rose from one read to the next.
      expect(rises).toBe(0);
      return { zTest: zStops / EXPERIMENTS, sequential: sequentialStops / EXPERIMENTS };
    }

    it('given no true difference (10 % and 10 %), the sequential test keeps false positives under 5 % while the z-test does not', () => {
      const { zTest, sequential } = stoppedOnSignificance(0.1, 0.1);
      expect(sequential).toBeLessThanOrEqual(SIGNIFICANCE_LEVEL);
      // With this seed: 1.8 % sequential, 32.8 % for sixty fixed-horizon reads (one experiment in three
      // stopped on a difference that is not there).
      expect(zTest).toBeGreaterThan(3 * SIGNIFICANCE_LEVEL);
    });

    it('given a true difference (10 % against 15 %), the sequential test still finds it in nearly every experiment', () => {
      const { sequential } = stoppedOnSignificance(0.1, 0.15);
      expect(sequential).toBeGreaterThan(0.95); // 99.8 % with this seed
    });
  });
});

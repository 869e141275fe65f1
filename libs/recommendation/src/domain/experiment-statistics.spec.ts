import { describe, expect, it } from 'vitest';
import { MIN_EXPECTED_COUNT, SIGNIFICANCE_LEVEL, twoProportionZTest, twoSidedNormalP, wilsonInterval, Z95 } from './experiment-statistics.js';

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

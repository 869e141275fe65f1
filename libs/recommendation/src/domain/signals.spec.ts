import { describe, expect, it } from 'vitest';
import { HIGH_RATING_STARS, interactionWeight, isHighRating, SIGNAL_KINDS, SIGNAL_WEIGHTS, signalBit, signalBitSql, signalWeightSql } from './signals.js';

describe('signals: the declared weights', () => {
  it('given the declaration, then a purchase weighs 1, a lesson completed 0.4, a high rating half, a view a quarter, a course completed in full 0.6 more', () => {
    expect(SIGNAL_WEIGHTS).toEqual({ purchase: 1, completion: 0.4, 'high-rating': 0.5, view: 0.25, 'course-completion': 0.6 });
    expect(SIGNAL_KINDS).toEqual(['purchase', 'completion', 'high-rating', 'view', 'course-completion']);
  });

  it('given each kind, when taking its bit, then the bits are distinct powers of two in the declared order', () => {
    expect(SIGNAL_KINDS.map(signalBit)).toEqual([1, 2, 4, 8, 16]);
  });

  it('given one lesson completed, when weighing it, then it weighs more than a view and less than a lesson did before (0.5)', () => {
    const oneLesson = interactionWeight(signalBit('completion'));
    expect(oneLesson).toBeGreaterThan(interactionWeight(signalBit('view')));
    expect(oneLesson).toBeLessThan(0.5);
  });

  it('given a course completed in full (its lessons completed too), when weighing it, then it weighs as much as a purchase, more than one lesson', () => {
    const wholeCourse = interactionWeight(signalBit('completion') | signalBit('course-completion'));
    expect(wholeCourse).toBe(interactionWeight(signalBit('purchase')));
    expect(wholeCourse).toBeGreaterThan(interactionWeight(signalBit('completion')));
    expect(interactionWeight(signalBit('purchase') | signalBit('completion') | signalBit('course-completion') | signalBit('high-rating'))).toBe(2.5);
  });

  it('given a set of kinds, when weighing the interaction, then it is the sum of their weights; none weighs 0', () => {
    expect(interactionWeight(0)).toBe(0);
    expect(interactionWeight(signalBit('view'))).toBe(0.25);
    expect(interactionWeight(signalBit('purchase') | signalBit('completion') | signalBit('high-rating'))).toBe(1.9);
    expect(interactionWeight(signalBit('purchase') | signalBit('completion') | signalBit('high-rating') | signalBit('view'))).toBe(2.15);
    expect(interactionWeight(signalBit('completion') | signalBit('view'))).toBe(0.65);
    expect(interactionWeight(signalBit('course-completion'))).toBe(0.6);
  });

  it('given stars, then 4 and 5 are a high rating, 3 and below none', () => {
    expect(HIGH_RATING_STARS).toBe(4);
    expect([1, 2, 3, 4, 5].map(isHighRating)).toEqual([false, false, false, true, true]);
  });

  it('given a column, when writing SQL, then each kind maps to its declared weight and bit, anything else to 0', () => {
    expect(signalWeightSql('s.kind')).toBe(
      `(CASE s.kind WHEN 'purchase' THEN 1::float8 WHEN 'completion' THEN 0.4::float8 WHEN 'high-rating' THEN 0.5::float8 WHEN 'view' THEN 0.25::float8 WHEN 'course-completion' THEN 0.6::float8 ELSE 0::float8 END)`,
    );
    expect(signalBitSql('kind')).toBe(`(CASE kind WHEN 'purchase' THEN 1 WHEN 'completion' THEN 2 WHEN 'high-rating' THEN 4 WHEN 'view' THEN 8 WHEN 'course-completion' THEN 16 ELSE 0 END)`);
  });
});

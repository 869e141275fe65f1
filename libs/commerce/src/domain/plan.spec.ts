import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { addPeriod } from './periods.js';
import { type PlanCommand, planDecider } from './plan.js';
import type { PlanTerms } from './subscription-events.js';

const { given } = deciderSpec(planDecider);

const terms: PlanTerms = {
  planId: 'plan-1',
  name: '专栏月卡',
  scope: { kind: 'content', contentId: 'k1', creatorId: 'c1' },
  priceCents: 990,
  currency: 'CNY',
  period: { unit: 'month', count: 1 },
  trialDays: 7,
  ownerId: 'c1',
};
const create = (changes: Partial<PlanTerms> = {}): PlanCommand => ({ type: 'CreatePlan', ...terms, ...changes });
const created = { type: 'commerce.plan-created' as const, data: terms };
const retired = { type: 'commerce.plan-retired' as const, data: { planId: 'plan-1' } };

describe('plan decider', () => {
  it('offers a plan once; the same plan again is a no-op', () => {
    given([]).when(create()).then([created]);
    given([created]).when(create()).then([]);
  });
  it('refuses terms that do not work: free, a period of nothing, a trial outside 0 to 90 days', () => {
    given([]).when(create({ priceCents: 0 })).thenRefuses('COMMERCE.PLAN_TERMS_INVALID', 'invalid');
    given([]).when(create({ period: { unit: 'day', count: 0 } })).thenRefuses('COMMERCE.PLAN_TERMS_INVALID');
    given([]).when(create({ trialDays: -1 })).thenRefuses('COMMERCE.PLAN_TERMS_INVALID');
    given([]).when(create({ trialDays: 91 })).thenRefuses('COMMERCE.PLAN_TERMS_INVALID');
    given([]).when(create({ trialDays: 90, period: { unit: 'day', count: 1 }, priceCents: 1 })).then([
      { type: 'commerce.plan-created', data: { ...terms, trialDays: 90, period: { unit: 'day', count: 1 }, priceCents: 1 } },
    ]);
  });
  it('retires once, and refuses to retire what does not exist', () => {
    given([created]).when({ type: 'RetirePlan' }).then([retired]);
    given([created, retired]).when({ type: 'RetirePlan' }).then([]);
    given([]).when({ type: 'RetirePlan' }).thenRefuses('COMMERCE.PLAN_NOT_FOUND', 'not_found');
  });
});

describe('membership periods', () => {
  it('follow the calendar for months and years, clamping to the month\'s last day', () => {
    expect(addPeriod('2026-01-31T10:00:00.000Z', { unit: 'month', count: 1 })).toBe('2026-02-28T10:00:00.000Z');
    expect(addPeriod('2028-01-31T10:00:00.000Z', { unit: 'month', count: 1 })).toBe('2028-02-29T10:00:00.000Z');
    expect(addPeriod('2026-03-15T00:00:00.000Z', { unit: 'month', count: 3 })).toBe('2026-06-15T00:00:00.000Z');
    expect(addPeriod('2028-02-29T08:30:00.000Z', { unit: 'year', count: 1 })).toBe('2029-02-28T08:30:00.000Z');
    expect(addPeriod('2026-12-31T23:59:59.999Z', { unit: 'month', count: 2 })).toBe('2027-02-28T23:59:59.999Z');
  });
  it('count days as days', () => expect(addPeriod('2026-03-01T00:00:00.000Z', { unit: 'day', count: 30 })).toBe('2026-03-31T00:00:00.000Z'));
});

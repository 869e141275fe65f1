import { describe, expect, it } from 'vitest';
import { DomainError } from '#platform/domain';
import { type PricingModel, planOf, toLpText } from './pricing-model.js';

const seed: PricingModel = {
  sense: 'minimize',
  variables: [
    { name: 'x1', objective: 2 },
    { name: 'x2', objective: 3, lower: 1.5, upper: 10 },
    { name: 'y', objective: -0.25, type: 'binary' },
    { name: 'n', objective: 0, type: 'integer', upper: 4 },
  ],
  constraints: [{ name: 'c1', terms: [{ variable: 'x1', coefficient: 1 }, { variable: 'x2', coefficient: -0.5 }], operator: '>=', bound: 100 }],
};

const codeOf = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof DomainError ? `${error.code}: ${error.message}` : String(error);
  }
};

describe('pricing models as LP text, and the solver\'s answer as a plan', () => {
  it('writes the objective, constraints, bounds and integer variables', () => {
    expect(toLpText(seed)).toBe(
      [
        'Minimize',
        ' obj:  2 x1 + 3 x2 - 0.25 y + 0 n',
        'Subject To',
        ' c1:  1 x1 - 0.5 x2 >= 100',
        'Bounds',
        ' x1 >= 0',
        ' 1.5 <= x2 <= 10',
        ' 0 <= y <= 1',
        ' 0 <= n <= 4',
        'General',
        ' y n',
        'End',
      ].join('\n'),
    );
    expect(toLpText({ ...seed, sense: 'maximize', variables: [seed.variables[0]!, seed.variables[1]!] }).split('\n').slice(0, 2)).toEqual(['Maximize', ' obj:  2 x1 + 3 x2']);
  });

  it('refuses a name used twice, a term naming no variable, a constraint without terms and crossed bounds', () => {
    expect(codeOf(() => toLpText({ ...seed, constraints: [{ ...seed.constraints[0]!, name: 'x1' }] }))).toBe('PRICING.MODEL_INVALID: The model does not hold together: the name x1 is used twice.');
    expect(codeOf(() => toLpText({ ...seed, constraints: [{ name: 'c', terms: [{ variable: 'z', coefficient: 1 }], operator: '=', bound: 1 }] }))).toBe(
      'PRICING.MODEL_INVALID: The model does not hold together: constraint c names no variable z.',
    );
    expect(codeOf(() => toLpText({ ...seed, constraints: [{ name: 'c', terms: [], operator: '=', bound: 1 }] }))).toBe(
      'PRICING.MODEL_INVALID: The model does not hold together: constraint c has no terms.',
    );
    expect(codeOf(() => toLpText({ ...seed, variables: [{ name: 'v', objective: 1, lower: 3, upper: 2 }], constraints: [] }))).toBe(
      'PRICING.MODEL_INVALID: The model does not hold together: variable v has its upper bound below its lower bound.',
    );
  });

  const lp: PricingModel = { sense: 'minimize', variables: [{ name: 'x', objective: 1 }], constraints: [{ name: 'c', terms: [{ variable: 'x', coefficient: 1 }], operator: '>=', bound: 2 }, { name: 'd', terms: [{ variable: 'x', coefficient: 1 }], operator: '<=', bound: 9 }] };
  const answer = (status: string) => ({ status, objectiveValue: 2, columns: { x: { primal: 2 } }, rows: [{ name: 'c', primal: 2, dual: 1 }, { name: 'd', primal: 2, dual: 0 }] });

  it('reads an optimum as the plan, its binding constraints and their shadow prices (none for integer models)', () => {
    expect(planOf(lp, answer('Optimal'), 100)).toEqual({
      objectiveValue: 2,
      plan: [{ variable: 'x', value: 2 }],
      constraints: [
        { name: 'c', activity: 2, bound: 2, binding: true, shadowPrice: 1 },
        { name: 'd', activity: 2, bound: 9, binding: false, shadowPrice: 0 },
      ],
      binding: ['c'],
    });
    const integer = { ...lp, variables: [{ name: 'x', objective: 1, type: 'integer' as const }] };
    expect(planOf(integer, answer('Optimal'), 100).constraints.map((c) => c.shadowPrice)).toEqual([null, null]);
  });

  it('refuses every outcome that is not an optimum, saying which', () => {
    expect(codeOf(() => planOf(lp, answer('Infeasible'), 100))).toBe('PRICING.INFEASIBLE: No plan satisfies every constraint.');
    expect(codeOf(() => planOf(lp, answer('Unbounded'), 100))).toMatch(/^PRICING.UNBOUNDED/);
    expect(codeOf(() => planOf(lp, answer('Primal infeasible or unbounded'), 100))).toMatch(/^PRICING.UNBOUNDED/);
    expect(codeOf(() => planOf(lp, answer('Time limit reached'), 100))).toBe('PRICING.TIME_LIMIT: The solver found no proven optimum within 100 ms; simplify the model.');
    expect(codeOf(() => planOf(lp, answer('Iteration limit reached'), 100))).toBe('PRICING.MODEL_INVALID: The model does not hold together: the solver stopped with "Iteration limit reached".');
  });
});

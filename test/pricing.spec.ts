import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/test-app.js';

const SEED = {
  sense: 'minimize',
  variables: [
    { name: 'x1', objective: 2 },
    { name: 'x2', objective: 3 },
  ],
  constraints: [
    { name: 'c1', terms: [{ variable: 'x1', coefficient: 1 }, { variable: 'x2', coefficient: 1 }], operator: '>=', bound: 100 },
    { name: 'c2', terms: [{ variable: 'x1', coefficient: 2 }, { variable: 'x2', coefficient: 1 }], operator: '>=', bound: 200 },
  ],
};

describe('pricing optimiser: POST /api/v1/admin/pricing/optimize (HiGHS)', () => {
  let app: TestApp;
  let admin: string;
  const optimize = (body: unknown, token = admin) => app.request('POST', '/api/v1/admin/pricing/optimize', { token, body });

  beforeAll(async () => {
    app = await TestApp.start({ env: { PRICING_SOLVER_TIME_LIMIT_MS: '1500' } });
    admin = await app.adminToken();
  });
  afterAll(() => app?.close());

  it('solves the seed example: min 2x1 + 3x2, x1 + x2 ≥ 100, 2x1 + x2 ≥ 200 → x1 = 100, x2 = 0, objective 200', async () => {
    const response = await optimize(SEED);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      objectiveValue: 200,
      plan: [
        { variable: 'x1', value: 100 },
        { variable: 'x2', value: 0 },
      ],
      constraints: [
        { name: 'c1', activity: 100, bound: 100, binding: true, shadowPrice: 0 },
        { name: 'c2', activity: 200, bound: 200, binding: true, shadowPrice: 1 },
      ],
      binding: ['c1', 'c2'],
    });
  });

  it('chooses which items to discount under a budget and a per-creator cap (a 0/1 model), and gives no shadow prices for it', async () => {
    // Extra revenue of discounting each item, its cost from the budget; creator A may discount at most one item.
    const items = [
      { name: 'a1', gain: 60, cost: 30, creator: 'A' },
      { name: 'a2', gain: 50, cost: 20, creator: 'A' },
      { name: 'b1', gain: 40, cost: 25, creator: 'B' },
      { name: 'b2', gain: 30, cost: 10, creator: 'B' },
    ];
    const response = await optimize({
      sense: 'maximize',
      variables: items.map((item) => ({ name: item.name, objective: item.gain, type: 'binary' })),
      constraints: [
        { name: 'budget', terms: items.map((item) => ({ variable: item.name, coefficient: item.cost })), operator: '<=', bound: 60 },
        { name: 'cap_A', terms: [{ variable: 'a1', coefficient: 1 }, { variable: 'a2', coefficient: 1 }], operator: '<=', bound: 1 },
      ],
    });
    expect(response.status).toBe(200);
    // Brute force over the 16 choices: a1 + b1 (cost 55, gain 100) loses to a2 + b1 + b2 (cost 55, gain 120).
    expect(response.body.objectiveValue).toBe(120);
    expect(response.body.plan.map((p: { value: number }) => Math.round(p.value))).toEqual([0, 1, 1, 1]);
    expect(response.body.binding).toEqual(['cap_A']);
    expect(response.body.constraints.every((c: { shadowPrice: unknown }) => c.shadowPrice === null)).toBe(true);
  });

  it('answers an infeasible, an unbounded, a malformed and a too-hard model with a clear 422, never a hang', async () => {
    const infeasible = await optimize({ ...SEED, constraints: [...SEED.constraints, { name: 'cap', terms: [{ variable: 'x1', coefficient: 1 }, { variable: 'x2', coefficient: 1 }], operator: '<=', bound: 50 }] });
    expect([infeasible.status, infeasible.body.code]).toEqual([422, 'PRICING.INFEASIBLE']);
    const unbounded = await optimize({ ...SEED, sense: 'maximize' });
    expect([unbounded.status, unbounded.body.code]).toEqual([422, 'PRICING.UNBOUNDED']);
    const unknown = await optimize({ ...SEED, constraints: [{ name: 'c', terms: [{ variable: 'x9', coefficient: 1 }], operator: '>=', bound: 1 }] });
    expect([unknown.status, unknown.body.code, unknown.body.detail]).toEqual([422, 'PRICING.MODEL_INVALID', 'The model does not hold together: constraint c names no variable x9.']);
    const twice = await optimize({ ...SEED, variables: [...SEED.variables, { name: 'x1', objective: 1 }] });
    expect(twice.body.code).toBe('PRICING.MODEL_INVALID');

    // A market-split instance (4 equalities over 50 binaries, a solution planted so it is feasible): notoriously hard for branch and bound.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * 100);
    };
    const rows = Array.from({ length: 4 }, () => Array.from({ length: 50 }, next));
    const planted = Array.from({ length: 50 }, () => (next() < 50 ? 1 : 0));
    const started = Date.now();
    const hard = await optimize({
      sense: 'minimize',
      variables: Array.from({ length: 50 }, (_, j) => ({ name: `x${j}`, objective: 0, type: 'binary' })),
      constraints: rows.map((row, i) => ({
        name: `split${i}`,
        terms: row.map((coefficient, j) => ({ variable: `x${j}`, coefficient })),
        operator: '=',
        bound: row.reduce((sum, coefficient, j) => sum + coefficient * planted[j]!, 0),
      })),
    });
    expect([hard.status, hard.body.code]).toEqual([422, 'PRICING.TIME_LIMIT']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses names that could break the model text and numbers out of range, and keeps the optimiser to finance and admins', async () => {
    const injected = await optimize({ ...SEED, variables: [{ name: 'x1\nEnd', objective: 1 }] });
    expect([injected.status, injected.body.code]).toEqual([400, 'HTTP.VALIDATION_FAILED']);
    const huge = await optimize({ ...SEED, variables: [{ name: 'x1', objective: 1e300 }] });
    expect(huge.status).toBe(400);
    const creator = await app.user('pricing-creator', ['creator']);
    expect((await optimize(SEED, creator.token)).status).toBe(403);
    const finance = await app.user('pricing-finance', ['finance']);
    expect((await optimize(SEED, finance.token)).status).toBe(200);
  });
});

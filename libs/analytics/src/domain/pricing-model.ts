import { AnalyticsErrors } from './analytics.errors.js';

/**
 * A pricing decision as operators describe it: variables (a discount level per item, a 0/1 choice
 * to promote it), a linear objective, linear constraints (a promotion budget, a creator's margin,
 * at most K promoted items per creator). Written out as CPLEX LP text for the solver, and the
 * solver's answer read back as a plan with its binding constraints and their shadow prices.
 */
export interface PricingVariable {
  readonly name: string;
  readonly objective: number;
  readonly lower?: number;
  /** Absent: no upper bound. */
  readonly upper?: number;
  readonly type?: 'continuous' | 'integer' | 'binary';
}

export interface PricingConstraint {
  readonly name: string;
  readonly terms: readonly { readonly variable: string; readonly coefficient: number }[];
  readonly operator: '<=' | '>=' | '=';
  readonly bound: number;
}

export interface PricingModel {
  readonly sense: 'minimize' | 'maximize';
  readonly variables: readonly PricingVariable[];
  readonly constraints: readonly PricingConstraint[];
}

/** A constraint's slack within this is binding (the solver's own feasibility tolerance is 1e-7). */
const BINDING_TOLERANCE = 1e-6;

/** The model as LP text; refuses names used twice and terms naming no variable. */
export function toLpText(model: PricingModel): string {
  const names = new Set<string>();
  for (const { name } of [...model.variables, ...model.constraints]) {
    if (names.has(name)) throw AnalyticsErrors.modelInvalid(`the name ${name} is used twice`);
    names.add(name);
  }
  const variables = new Set(model.variables.map((variable) => variable.name));
  for (const constraint of model.constraints) {
    const unknown = constraint.terms.find((term) => !variables.has(term.variable));
    if (unknown) throw AnalyticsErrors.modelInvalid(`constraint ${constraint.name} names no variable ${unknown.variable}`);
    if (constraint.terms.length === 0) throw AnalyticsErrors.modelInvalid(`constraint ${constraint.name} has no terms`);
  }
  for (const variable of model.variables) {
    if (variable.upper !== undefined && variable.upper < (variable.lower ?? 0)) {
      throw AnalyticsErrors.modelInvalid(`variable ${variable.name} has its upper bound below its lower bound`);
    }
  }
  const expression = (terms: readonly { variable: string; coefficient: number }[]) =>
    terms.map(({ variable, coefficient }, index) => `${coefficient < 0 ? '-' : index === 0 ? '' : '+'} ${number(Math.abs(coefficient))} ${variable}`).join(' ');
  const objective = model.variables.map((variable) => ({ variable: variable.name, coefficient: variable.objective }));
  const lines = [
    model.sense === 'minimize' ? 'Minimize' : 'Maximize',
    ` obj: ${expression(objective)}`,
    'Subject To',
    ...model.constraints.map((constraint) => ` ${constraint.name}: ${expression(constraint.terms)} ${constraint.operator} ${number(constraint.bound)}`),
    'Bounds',
    ...model.variables.map((variable) =>
      variable.type === 'binary'
        ? ` 0 <= ${variable.name} <= 1`
        : variable.upper === undefined
          ? ` ${variable.name} >= ${number(variable.lower ?? 0)}`
          : ` ${number(variable.lower ?? 0)} <= ${variable.name} <= ${number(variable.upper)}`,
    ),
  ];
  const integers = model.variables.filter((variable) => variable.type === 'integer' || variable.type === 'binary').map((variable) => variable.name);
  if (integers.length > 0) lines.push('General', ` ${integers.join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}

/** Plain decimal notation, which LP text reads (no `1e-7`). */
function number(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(12).replace(/0+$/, '');
}

/** What the solver answered, in the shape its LP interface gives. */
export interface SolverAnswer {
  readonly status: string;
  readonly objectiveValue: number;
  readonly columns: Readonly<Record<string, { readonly primal: number }>>;
  readonly rows: readonly { readonly name: string; readonly primal: number; readonly dual: number | null }[];
}

export interface PricingPlan {
  readonly objectiveValue: number;
  readonly plan: { variable: string; value: number }[];
  readonly constraints: { name: string; activity: number; bound: number; binding: boolean; shadowPrice: number | null }[];
  /** Names of the constraints that hold with equality: loosening one of them could change the optimum. */
  readonly binding: string[];
}

/** The optimum as a plan; every other outcome a refusal that says which. */
export function planOf(model: PricingModel, answer: SolverAnswer, timeLimitMs: number): PricingPlan {
  if (answer.status === 'Infeasible') throw AnalyticsErrors.infeasible();
  if (answer.status === 'Unbounded' || answer.status === 'Primal infeasible or unbounded') throw AnalyticsErrors.unbounded();
  if (answer.status === 'Time limit reached') throw AnalyticsErrors.solverTimeLimit(timeLimitMs);
  if (answer.status !== 'Optimal') throw AnalyticsErrors.modelInvalid(`the solver stopped with "${answer.status}"`);
  const mixedInteger = model.variables.some((variable) => variable.type === 'integer' || variable.type === 'binary');
  const constraints = model.constraints.map((constraint, index) => {
    const activity = answer.rows[index]!.primal;
    return {
      name: constraint.name,
      activity,
      bound: constraint.bound,
      binding: Math.abs(activity - constraint.bound) <= BINDING_TOLERANCE * Math.max(1, Math.abs(constraint.bound)),
      // A MIP has no duals: the value of a unit of a bound is only defined for an LP.
      shadowPrice: mixedInteger ? null : (answer.rows[index]!.dual ?? null),
    };
  });
  return {
    objectiveValue: answer.objectiveValue,
    plan: model.variables.map((variable) => ({ variable: variable.name, value: answer.columns[variable.name]?.primal ?? 0 })),
    constraints,
    binding: constraints.filter((constraint) => constraint.binding).map((constraint) => constraint.name),
  };
}

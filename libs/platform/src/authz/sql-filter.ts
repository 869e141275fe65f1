import { rulesToAST } from '@casl/ability/extra';
import { allInterpreters, createSqlInterpreter, pg } from '@ucast/sql';
import type { AppAbility } from './ability.js';

const interpretSql = createSqlInterpreter(allInterpreters);

export interface SqlFilter {
  /** A boolean SQL expression; `false` when the caller may see nothing. */
  readonly sql: string;
  readonly params: Record<string, unknown>;
}

/**
 * Translates the caller's CASL rules for (action, subject) into a WHERE fragment, so lists are
 * filtered by the same rules that guard single records. `columns` maps rule fields to SQL
 * columns (rules speak camelCase fields, tables snake_case columns); an unmapped field is a
 * programming error. Parameters are named `:<prefix>N` for TypeORM query builders.
 */
export function abilityToSql(
  ability: AppAbility,
  action: string,
  subjectType: string,
  columns: Readonly<Record<string, string>>,
  prefix = 'casl',
): SqlFilter {
  const ast = rulesToAST(ability, action, subjectType);
  if (ast === null) return { sql: 'false', params: {} };
  // An unconditional rule becomes an empty "and": everything is visible.
  if (ast.operator === 'and' && Array.isArray(ast.value) && ast.value.length === 0) {
    return { sql: 'true', params: {} };
  }
  const [sql, values] = interpretSql(ast, {
    ...pg,
    paramPlaceholder: (index: number) => `:${prefix}${index - 1}`,
    escapeField: (field: string) => {
      const column = columns[field];
      if (!column) throw new Error(`No SQL column mapped for rule field "${field}" of ${subjectType}`);
      return column;
    },
  });
  const params: Record<string, unknown> = {};
  values.forEach((value, index) => {
    params[`${prefix}${index}`] = value;
  });
  return { sql: `(${sql})`, params };
}

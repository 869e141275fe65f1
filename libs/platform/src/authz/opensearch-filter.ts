import { rulesToAST } from '@casl/ability/extra';
import type { AppAbility } from './ability.js';

/** An OpenSearch query clause (query DSL), to put in a bool query's `filter`. */
export type OpenSearchClause = Record<string, unknown>;

type Condition = NonNullable<ReturnType<typeof rulesToAST>>;

/**
 * Translates the caller's CASL rules for (action, subject) into an OpenSearch filter clause: the
 * same rules abilityToSql turns into a WHERE fragment, for an index that holds the same fields.
 * `fields` maps rule fields to index fields; an unmapped field or an operator without a translation
 * is a programming error, never a silently wider filter.
 */
export function abilityToOpenSearch(ability: AppAbility, action: string, subjectType: string, fields: Readonly<Record<string, string>>): OpenSearchClause {
  const ast = rulesToAST(ability, action, subjectType);
  if (ast === null) return { match_none: {} };
  return clause(ast, (field) => {
    const mapped = fields[field];
    if (!mapped) throw new Error(`No OpenSearch field mapped for rule field "${field}" of ${subjectType}`);
    return mapped;
  });
}

function clause(node: Condition, field: (name: string) => string): OpenSearchClause {
  if (!('field' in node)) {
    const children = (node.value as Condition[]).map((child) => clause(child, field));
    switch (node.operator) {
      // An unconditional rule becomes an empty "and": everything is visible.
      case 'and':
        return children.length === 0 ? { match_all: {} } : { bool: { filter: children } };
      case 'or':
        return { bool: { should: children, minimum_should_match: 1 } };
      case 'not':
        return { bool: { must_not: children } };
    }
    throw new Error(`No OpenSearch translation for the rule operator "${node.operator}"`);
  }
  const name = field(node.field as string);
  const value = node.value;
  switch (node.operator) {
    case 'eq':
      return value === null ? { bool: { must_not: [{ exists: { field: name } }] } } : { term: { [name]: value } };
    case 'ne':
      return { bool: { must_not: [value === null ? { exists: { field: name } } : { term: { [name]: value } }] } };
    case 'in':
      return { terms: { [name]: value } };
    case 'nin':
      return { bool: { must_not: [{ terms: { [name]: value } }] } };
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return { range: { [name]: { [node.operator]: value } } };
    case 'exists':
      return value ? { exists: { field: name } } : { bool: { must_not: [{ exists: { field: name } }] } };
  }
  throw new Error(`No OpenSearch translation for the rule operator "${node.operator}" on "${node.field as string}"`);
}

import { abilityToSql, type AppAbility } from '#platform';
import { AnalyticsErrors } from '../domain/analytics.errors.js';

export const DIMENSIONS = ['item', 'creator', 'category', 'platform'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Which facts a figure is about: a window of whole UTC days, and optionally one item, creator, category or platform. */
export interface AnalyticsScope {
  readonly from: string;
  readonly to: string;
  readonly dimension?: Dimension;
  readonly key?: string;
}

const DAY_MS = 86_400_000;
export const MAX_WINDOW_DAYS = 366;
export const DEFAULT_WINDOW_DAYS = 30;

/** The window as asked, or the last 30 days to today (UTC); refused when reversed or longer than a year. */
export function windowOf(from: string | undefined, to: string | undefined, today = new Date()): { from: string; to: string } {
  const end = to ?? today.toISOString().slice(0, 10);
  const start = from ?? new Date(Date.parse(`${end}T00:00:00Z`) - (DEFAULT_WINDOW_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const span = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS;
  if (!(span >= 0 && span < MAX_WINDOW_DAYS)) throw AnalyticsErrors.badWindow();
  return { from: start, to: end };
}

/**
 * The SQL condition on items `i` (analytics_items) and facts or daily rows `f` a scope and the
 * caller's rules allow, with positional parameters from `$first` on. The caller's CASL rules for
 * ('read', 'Analytics') filter by the item's creator, so a creator's scope never reaches another
 * creator's items, whatever dimension and key they ask for.
 */
export function scopeCondition(ability: AppAbility, scope: AnalyticsScope, first: number): { sql: string; params: unknown[] } {
  const visible = abilityToSql(ability, 'read', 'Analytics', { creatorId: 'i.creator_id' });
  const params: unknown[] = [];
  // abilityToSql names its parameters (:casl0, …) for query builders; these queries are positional.
  const rules = visible.sql.replace(/:casl(\d+)/g, (_, index: string) => {
    params.push(visible.params[`casl${index}`]);
    return `$${first + params.length - 1}`;
  });
  const conditions = [rules];
  if (scope.dimension && scope.key !== undefined) {
    params.push(scope.key);
    const column = { item: 'i.item_id::text', creator: 'i.creator_id::text', category: 'i.category', platform: 'f.platform' }[scope.dimension];
    conditions.push(`${column} = $${first + params.length - 1}`);
  }
  return { sql: conditions.join(' AND '), params };
}

/** The window's bounds as instants: from the first day's start to the day after the last. */
export const windowBounds = (scope: AnalyticsScope): [Date, Date] => [
  new Date(`${scope.from}T00:00:00Z`),
  new Date(Date.parse(`${scope.to}T00:00:00Z`) + DAY_MS),
];

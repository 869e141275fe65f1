// @ucast/sql ships its types outside its package "exports"; this re-declares what we use.
declare module '@ucast/sql' {
  import type { Condition } from '@ucast/core';

  export interface DialectOptions {
    regexp(field: string, placeholder: string, ignoreCase: boolean): string;
    escapeField(field: string, relationName?: string): string;
    paramPlaceholder(index: number): string;
  }
  export const pg: DialectOptions;
  export const allInterpreters: Record<string, unknown>;
  export function createSqlInterpreter(
    operators: Record<string, unknown>,
  ): (condition: Condition, options: DialectOptions) => [string, unknown[], string[]];
}

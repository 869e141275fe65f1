import { Injectable } from '@nestjs/common';
import highs from 'highs';
import type { SolverAnswer } from '../domain/pricing-model.js';

// The package's types describe its CommonJS side; Node loads its ESM build, whose default export is the loader.
const highsLoader = highs as unknown as typeof highs.default;
type Highs = Awaited<ReturnType<typeof highsLoader>>;

/**
 * HiGHS compiled to WebAssembly (the `highs` package), loaded once per process. A solve is
 * synchronous and bounded by its time limit; each solve gets a fresh native solver.
 */
@Injectable()
export class HighsSolver {
  private highs: Promise<Highs> | null = null;

  async solve(lpText: string, timeLimitMs: number): Promise<SolverAnswer> {
    this.highs ??= highsLoader();
    const solution = (await this.highs).solve(lpText, { time_limit: timeLimitMs / 1000, output_flag: false } as Parameters<Highs['solve']>[1]);
    const columns = (solution.Columns ?? {}) as Record<string, { Primal?: number }>;
    const rows = (solution.Rows ?? []) as { Name: string; Primal?: number; Dual?: number }[];
    return {
      status: solution.Status,
      objectiveValue: solution.ObjectiveValue,
      columns: Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, { primal: column.Primal ?? 0 }])),
      rows: rows.map((row) => ({ name: row.Name, primal: row.Primal ?? 0, dual: row.Dual ?? null })),
    };
  }
}

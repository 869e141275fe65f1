import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The pure domain specs alone: no database, no global setup. What the mutation run
 * (`npm run mutation`, Stryker) runs against every mutant of libs/*\/src/domain.
 */
export default defineConfig({
  plugins: base.plugins,
  resolve: base.resolve,
  test: {
    include: ['libs/*/src/domain/**/*.spec.ts'],
    pool: 'threads',
    reporters: ['default'],
  },
});

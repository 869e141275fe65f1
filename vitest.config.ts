import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  // SWC emits the decorator metadata Nest's dependency injection reads (esbuild does not).
  plugins: [
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
    }),
  ],
  resolve: {
    // Node resolves these through package.json "imports" to dist/; tests run the sources.
    alias: [
      { find: /^#platform\/domain$/, replacement: fileURLToPath(new URL('./libs/platform/src/domain/index.ts', import.meta.url)) },
      { find: /^#platform\/testing$/, replacement: fileURLToPath(new URL('./libs/platform/src/testing/index.ts', import.meta.url)) },
      ...['platform', 'identity', 'catalog', 'commerce', 'recommendation', 'audit', 'integrations', 'analytics', 'community', 'consulting', 'social', 'media'].map((name) => ({
        find: new RegExp(`^#${name}$`),
        replacement: lib(name),
      })),
    ],
  },
  test: {
    include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'test/**/*.spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});

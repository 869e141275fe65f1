/** Architecture rules, checked in CI (`npm run depcheck`). See ARCHITECTURE.md "Layout". */
const DOMAINS = 'identity|catalog|commerce|recommendation|audit|integrations|analytics|community|consulting|social|media';

module.exports = {
  forbidden: [
    {
      name: 'domain-lib-only-through-index',
      comment: 'Another lib may import a domain lib only through its public index.ts (#<lib>).',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: {
        path: `^libs/(${DOMAINS}|platform)/src/`,
        pathNot: [`^libs/(${DOMAINS}|platform)/src/index\\.ts$`, '^libs/platform/src/domain/index\\.ts$', '^libs/$2/'],
      },
    },
    {
      name: 'pure-domain',
      comment: 'domain/ holds pure decision logic: no Nest, no TypeORM, no I/O, no other lib but the pure kernel.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: {
        pathNot: ['^libs/([^/]+)/src/domain/', '^libs/platform/src/domain/'],
      },
    },
    {
      name: 'platform-has-no-business',
      comment: 'The platform kernel knows no domain.',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: `^libs/(${DOMAINS})/` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.spec\\.ts$', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};

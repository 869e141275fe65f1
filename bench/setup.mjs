// What every benchmark starts with: a production-mode environment on its own database and queue
// prefix (fixed on purpose: the database is dropped, so a DATABASE_URL from the caller's shell must
// not leak in), with bench-only secrets, and a fresh build unless --no-build.
import { spawnSync } from 'node:child_process';

export const BENCH_WEBHOOK_SECRET = 'bench-only-webhook-secret';

/** The environment of a bench named `name` (database zhiku_<name>), plus `extra` settings. */
export function benchEnv(name, extra = {}) {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/zhiku_${name.replaceAll('-', '_')}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `zhiku-${name}`,
    JWT_SECRET: 'bench-only-jwt-secret-0123456789',
    DATA_ENCRYPTION_KEY: 'bench-only-data-encryption-key-0123456789',
    AUDIT_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64'),
    CERTIFICATE_SIGNING_KEY: Buffer.alloc(32, 8).toString('base64'),
    SANDBOX_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    // Request logging off: a bench measures the request path, not the writing of log lines.
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.ADMIN_EMAIL;
  delete env.ADMIN_PASSWORD;
  return env;
}

/** `npm run build` first, unless the caller said --no-build (dist/ is current). */
export function buildUnlessAsked(args, root) {
  if (args.includes('--no-build')) return;
  console.log('building (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

import { Redis } from 'ioredis';
import pg from 'pg';
import { addressOf } from '../config/address.js';
import { type AppConfig, ConfigError } from '../config/app-config.js';

const TIMEOUT_MS = 3000;

/** A dependency the process cannot start without; the message is the one line an operator reads. */
export class DependencyUnavailable extends Error {
  override name = 'DependencyUnavailable';
}

/** Starting would be unsafe until the operator acts; the message says what to do. */
export class StartupRefused extends Error {
  override name = 'StartupRefused';
}

/** The errors a process reports to its operator as one line, without a stack. */
export const isOperatorError = (error: unknown): error is Error =>
  error instanceof DependencyUnavailable || error instanceof StartupRefused || error instanceof ConfigError;

const reason = (error: unknown) => {
  const { code, message } = error as { code?: string; message?: string };
  return code ?? message ?? String(error);
};

async function checkPostgres(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new DependencyUnavailable(
      `PostgreSQL is not reachable at ${addressOf(databaseUrl)} (${reason(error)}). ` +
        `Start it (on Debian: pg_ctlcluster <version> main start; with Docker: docker compose up -d postgres) or set DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis reports "Connection is closed" on failure; the socket error says why.
  let socketError: unknown;
  redis.on('error', (error) => {
    socketError ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DependencyUnavailable(
      `Redis is not reachable at ${addressOf(redisUrl)} (${reason(socketError ?? error)}). ` +
        `Start it (redis-server --daemonize yes; with Docker: docker compose up -d redis) or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Fails fast, with one clear line, when PostgreSQL or Redis is down. */
export async function preflight(config: Pick<AppConfig, 'databaseUrl' | 'redisUrl'>): Promise<void> {
  await Promise.all([checkPostgres(config.databaseUrl), checkRedis(config.redisUrl)]);
}

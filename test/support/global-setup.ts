import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig, preflight, runMigrations } from '#platform';
import { allMigrations } from '../../apps/api/src/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    runId: string;
  }
}

/** The server every test database lives on: DATABASE_URL's server, or the local default. */
export const serverUrl = (database: string) => {
  const url = new URL(loadConfig({ DATABASE_URL: process.env.DATABASE_URL }).databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

/** Runs `work` on a connection to the server's maintenance database. */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Once per run: one migrated template database. Each test file then clones it (fast,
 * isolated, parallel-safe). Dropped again, with every clone, when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const template = `zhiku_tpl_${runId}`;
  await preflight({ databaseUrl: serverUrl('postgres'), redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  await withAdmin((client) => client.query(`CREATE DATABASE ${template}`));
  await runMigrations({ databaseUrl: serverUrl(template) }, allMigrations);
  project.provide('templateDatabase', template);
  project.provide('runId', runId);

  return async () => {
    await withAdmin(async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [template, `zhiku_t_${runId}_%`],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    });
  };
}

import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { grantAppAccess, loadConfig, prepareDatabaseRoles, preflight, runMigrations } from '#platform';
import { allMigrations } from '../../apps/api/src/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    runId: string;
  }
}

/**
 * A connection to a test database on DATABASE_URL's server (or the local default): as the
 * administrator by default (the tests' own reads, and the attacker's writes), or as the app or the
 * owner role the processes use.
 */
export const serverUrl = (database: string, as: 'admin' | 'app' | 'owner' = 'admin') => {
  const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL });
  const url = new URL({ admin: config.databaseAdminUrl, app: config.databaseUrl, owner: config.databaseOwnerUrl }[as]);
  url.pathname = `/${database}`;
  return url.toString();
};

/** The connections of a test database as the processes and `npm run migrate` see them. */
export const connectionsOf = (database: string) => ({
  databaseUrl: serverUrl(database, 'app'),
  databaseOwnerUrl: serverUrl(database, 'owner'),
  databaseAdminUrl: serverUrl('postgres'),
});

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

/** Tables only tests write (recording subscribers' deliveries, an app's writes beside its appends), made by the owner like any other. */
const TEST_TABLES = `
  CREATE TABLE test_deliveries (subscriber text NOT NULL, global_position bigint NOT NULL);
  CREATE TABLE side_writes (id bigint GENERATED ALWAYS AS IDENTITY, note text);`;

async function withOwner<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl(database, 'owner') });
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
  // As `npm run migrate` does: both roles, the database owned by the owner, migrations as the owner, grants to the app.
  await prepareDatabaseRoles(connectionsOf(template));
  await runMigrations({ databaseUrl: serverUrl(template, 'owner') }, allMigrations);
  await withOwner(template, (client) => client.query(TEST_TABLES));
  await grantAppAccess(connectionsOf(template));
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

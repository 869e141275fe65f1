import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { grantAppAccess, prepareDatabaseRoles, runMigrations } from '#platform';
import { allMigrations } from '../apps/api/src/migrations.js';
import { serverUrl, withAdmin } from './support/global-setup.js';
import { TestApp } from './support/test-app.js';

async function as<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with (null: it succeeded). */
const refusal = (client: pg.Client, sql: string) =>
  client.query(sql).then(
    () => null,
    (error: { code?: string }) => error.code ?? 'unknown',
  );
const INSUFFICIENT_PRIVILEGE = '42501';

describe('least privilege in the database: the app role owns nothing and cannot rewrite history', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
    await app.user('someone');
  });
  afterAll(async () => {
    await app.close();
  });

  it('connects the processes as a role that is no superuser and owns nothing, yet appends events', async () => {
    const [user] = await app.sql(`SELECT current_database() AS database`);
    await as(app.config.databaseUrl, async (client) => {
      const { rows } = await client.query(
        `SELECT current_user AS role, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolbypassrls,
                (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(rows[0]).toEqual({ role: 'zhiku_app', rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false, owned: 0 });
    });
    const [{ owner }] = await app.sql(`SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'events'`);
    expect(owner).toBe('zhiku_owner');
    expect(user.database).toBe(new URL(app.config.databaseUrl).pathname.slice(1));
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'identity.user-registered'`);
    expect(n).toBeGreaterThan(0);
  });

  it('cannot switch the append-only triggers off, nor update, delete or truncate events and the audit trail', async () => {
    await as(app.config.databaseUrl, async (client) => {
      expect(await refusal(client, `SET session_replication_role = replica`)).toBe(INSUFFICIENT_PRIVILEGE);
      const rewrites = { events: `data = '{}'`, audit_log: `payload = '{}'`, audit_checkpoints: `signature = 'forged'` };
      for (const [table, rewrite] of Object.entries(rewrites)) {
        expect({ table, update: await refusal(client, `UPDATE ${table} SET ${rewrite} WHERE true`) }).toEqual({ table, update: INSUFFICIENT_PRIVILEGE });
        expect({ table, delete: await refusal(client, `DELETE FROM ${table} WHERE false`) }).toEqual({ table, delete: INSUFFICIENT_PRIVILEGE });
        expect({ table, truncate: await refusal(client, `TRUNCATE ${table}`) }).toEqual({ table, truncate: INSUFFICIENT_PRIVILEGE });
        expect({ table, disable: await refusal(client, `ALTER TABLE ${table} DISABLE TRIGGER ALL`) }).toEqual({ table, disable: INSUFFICIENT_PRIVILEGE });
      }
      expect(await refusal(client, `CREATE TABLE mine (id int)`)).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await refusal(client, `INSERT INTO schema_migrations (timestamp, name) VALUES (1, 'Forged1')`)).toBe(INSUFFICIENT_PRIVILEGE);
      // What it must do still works: reads, and ordinary writes to read models.
      expect(await refusal(client, `SELECT count(*) FROM events`)).toBeNull();
      expect(await refusal(client, `UPDATE identity_users SET updated_at = updated_at WHERE false`)).toBeNull();
    });
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE data = '{}'`);
    expect(n).toBe(0);
  });

  it('creates both roles, the database and the grants on a fresh server, as `npm run migrate` does', async () => {
    const suffix = randomBytes(3).toString('hex');
    const database = `zhiku_t_${inject('runId')}_fresh${suffix}`;
    const [owner, appRole] = [`zhiku_owner_${suffix}`, `zhiku_app_${suffix}`];
    const withRole = (role: string) => {
      const url = new URL(serverUrl(database));
      url.username = role;
      return url.toString();
    };
    const connections = { databaseUrl: withRole(appRole), databaseOwnerUrl: withRole(owner), databaseAdminUrl: serverUrl('postgres') };
    try {
      expect(await prepareDatabaseRoles(connections)).toEqual([owner, appRole]);
      expect(await prepareDatabaseRoles(connections)).toEqual([]);
      await runMigrations({ databaseUrl: connections.databaseOwnerUrl }, allMigrations);
      await grantAppAccess(connections);
      const roles = await withAdmin(async (client) =>
        (await client.query(`SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`, [[owner, appRole]])).rows,
      );
      expect(roles).toEqual(
        [appRole, owner].map((rolname) => ({ rolname, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, rolcanlogin: true })),
      );
      await as(connections.databaseUrl, async (client) => {
        await client.query(`INSERT INTO events (stream_id, stream_type, version, type, schema_version, data) VALUES ('s-1', 's', 1, 't', 1, '{}')`);
        expect(await refusal(client, `UPDATE events SET data = '{"x":1}'`)).toBe(INSUFFICIENT_PRIVILEGE);
        expect(await refusal(client, `SET session_replication_role = replica`)).toBe(INSUFFICIENT_PRIVILEGE);
      });
    } finally {
      await withAdmin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        for (const role of [appRole, owner]) await client.query(`DROP ROLE IF EXISTS ${role}`);
      });
    }
  });
});

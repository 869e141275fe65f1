import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';

type Connections = Pick<AppConfig, 'databaseUrl' | 'databaseOwnerUrl' | 'databaseAdminUrl'>;

const userOf = (url: string) => decodeURIComponent(new URL(url).username) || 'postgres';
const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
const DUPLICATE = new Set(['42710', '23505', '42P04']);

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs DDL that a concurrent run may have done first (two test runs, two helpers): that one winning is fine. */
const idempotent = (client: pg.Client, sql: string) =>
  client.query(sql).catch((error: { code?: string }) => {
    if (!DUPLICATE.has(error.code ?? '')) throw error;
  });

/**
 * As the server's administrator (DATABASE_ADMIN_URL): the owner role and the app role exist (created
 * with the password their URL carries, no other power: not superusers, no CREATEDB, CREATEROLE,
 * REPLICATION or BYPASSRLS), the database exists and belongs to the owner, and so does everything
 * in its public schema (a database migrated before the roles existed belonged to the administrator).
 * Nobody else may create objects there. Returns the roles it created.
 */
export async function prepareDatabaseRoles(connections: Connections): Promise<string[]> {
  const owner = userOf(connections.databaseOwnerUrl);
  const database = databaseOf(connections.databaseUrl);
  const created: string[] = [];
  await withClient(connections.databaseAdminUrl, async (admin) => {
    const administrator = userOf(connections.databaseAdminUrl);
    for (const url of [connections.databaseOwnerUrl, connections.databaseUrl]) {
      const role = userOf(url);
      if (role === administrator || created.includes(role)) continue;
      const { rowCount } = await admin.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
      if (rowCount) continue;
      const password = new URL(url).password;
      await idempotent(
        admin,
        `CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS` +
          (password ? ` PASSWORD ${pg.escapeLiteral(decodeURIComponent(password))}` : ''),
      );
      created.push(role);
    }
    const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [database]);
    if (!rowCount) await idempotent(admin, `CREATE DATABASE ${pg.escapeIdentifier(database)} OWNER ${pg.escapeIdentifier(owner)}`);
    else await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(database)} OWNER TO ${pg.escapeIdentifier(owner)}`);
  });
  const target = new URL(connections.databaseAdminUrl);
  target.pathname = `/${database}`;
  await withClient(target.toString(), async (admin) => {
    await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    const { rows } = await admin.query<{ statement: string }>(
      `SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, c.oid::regclass, $1::text) AS statement
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> $1
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND c.relkind = 'S')
       UNION ALL
       SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, $1::text)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1`,
      [owner],
    );
    for (const { statement } of rows) await admin.query(statement);
  });
  return created;
}

/**
 * As the owner, after migrations: the app role may read and write every table, but only insert into
 * and read the append-only ones (those guarded by refuse_append_only_change: the event store, the
 * audit trail), and only read which migrations ran. Table ownership stays with the owner, so the
 * app can neither disable a trigger nor alter a table; not being a superuser, it cannot
 * `SET session_replication_role` either.
 */
export async function grantAppAccess(connections: Pick<AppConfig, 'databaseUrl' | 'databaseOwnerUrl'>): Promise<void> {
  const app = userOf(connections.databaseUrl);
  if (app === userOf(connections.databaseOwnerUrl)) return;
  await withClient(connections.databaseOwnerUrl, async (owner) => {
    const { rows } = await owner.query<{ rolsuper: boolean }>(`SELECT rolsuper FROM pg_roles WHERE rolname = $1`, [app]);
    if (rows.length === 0 || rows[0]!.rolsuper) return;
    const role = pg.escapeIdentifier(app);
    await owner.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(databaseOf(connections.databaseUrl))} TO ${role}`);
    await owner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    // Functions that do schema work as their owner (partition upkeep) are for the app alone, not PUBLIC.
    await owner.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role}`);
    await owner.query(`REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${role}`);
    const appendOnly = await owner.query<{ name: string }>(
      `SELECT DISTINCT t.tgrelid::regclass::text AS name FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'refuse_append_only_change'`,
    );
    for (const { name } of appendOnly.rows) await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${name} FROM ${role}`);
  });
}

/** Whether the app connects as a superuser or as the owner: then least privilege is off (development with DATABASE_URL=postgres://postgres@…). */
export async function appRoleIsPrivileged(connections: Pick<AppConfig, 'databaseUrl' | 'databaseOwnerUrl'>): Promise<boolean> {
  if (userOf(connections.databaseUrl) === userOf(connections.databaseOwnerUrl)) return true;
  return withClient(connections.databaseUrl, async (client) => {
    const { rows } = await client.query<{ rolsuper: boolean }>(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
    return rows[0]?.rolsuper ?? false;
  });
}

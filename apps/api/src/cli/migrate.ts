import { addressOf, appRoleIsPrivileged, grantAppAccess, isOperatorError, loadConfig, prepareDatabaseRoles, preflight, runMigrations } from '#platform';
import { allMigrations } from '../migrations.js';

/**
 * `node dist/apps/api/src/cli/migrate.js`: creates the owner and app roles and the database if
 * missing (as DATABASE_ADMIN_URL), applies migrations as the owner, and grants the app role what it
 * may do. Without an administrator connection (a managed server), the roles must exist already.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  try {
    const created = await prepareDatabaseRoles(config);
    if (created.length > 0) console.log(`created database roles: ${created.join(', ')}`);
  } catch (error) {
    console.log(`could not prepare roles as ${addressOf(config.databaseAdminUrl)} (${(error as Error).message}): they must exist already`);
  }
  await preflight(config);
  const applied = await runMigrations({ databaseUrl: config.databaseOwnerUrl }, allMigrations);
  console.log(applied.length === 0 ? 'schema is up to date' : `applied migrations: ${applied.join(', ')}`);
  await grantAppAccess(config);
  if (await appRoleIsPrivileged(config)) {
    console.log('warning: the app connects as a superuser or as the schema owner (DATABASE_URL): it could rewrite events and the audit trail');
  }
}

main().catch((error: unknown) => {
  if (isOperatorError(error)) console.error(error.message);
  else console.error('migration failed:', error);
  process.exit(1);
});

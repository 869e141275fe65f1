import { isOperatorError, ensureDatabaseExists, loadConfig, preflight, runMigrations } from '#platform';
import { allMigrations } from '../migrations.js';

/** `node dist/apps/api/src/cli/migrate.js`: checks dependencies, creates the database, applies migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (await ensureDatabaseExists(config.databaseUrl).catch(() => false)) {
    console.log(`created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
  }
  await preflight(config);
  const applied = await runMigrations(config, allMigrations);
  console.log(applied.length === 0 ? 'schema is up to date' : `applied migrations: ${applied.join(', ')}`);
}

main().catch((error: unknown) => {
  if (isOperatorError(error)) console.error(error.message);
  else console.error('migration failed:', error);
  process.exit(1);
});

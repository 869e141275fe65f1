import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';

type MigrationClass = new () => object;

/** One place that says how Zhiku talks to PostgreSQL; `synchronize` is never on. */
export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl'> & Partial<Pick<AppConfig, 'idleInTransactionTimeoutMs'>>,
  migrations: MixedList<MigrationClass> = [],
): DataSourceOptions {
  // A transaction left open holds back every event subscription on the server (the xmin horizon
  // is cluster-wide): PostgreSQL ends one that idles longer than this.
  const options = config.idleInTransactionTimeoutMs
    ? `-c idle_in_transaction_session_timeout=${config.idleInTransactionTimeoutMs}`
    : undefined;
  return {
    type: 'postgres',
    url: config.databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: migrations as MixedList<string | MigrationClass>,
    migrationsTableName: 'schema_migrations',
    extra: { max: 10, application_name: 'zhiku', options },
  };
}

/** Applies every pending migration in one transaction each; used by `npm start` and the tests. */
export async function runMigrations(
  config: Pick<AppConfig, 'databaseUrl'>,
  migrations: MigrationClass[],
): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(config, migrations));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

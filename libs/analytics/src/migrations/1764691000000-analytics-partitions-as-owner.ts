import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partition upkeep is schema work, and the app's role owns no table (least privilege): the worker
 * makes and retires day partitions through two functions that run as their owner (SECURITY DEFINER,
 * search_path pinned), which only the app role may call.
 */
export class AnalyticsPartitionsAsOwner1764691000000 implements MigrationInterface {
  name = 'AnalyticsPartitionsAsOwner1764691000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER FUNCTION analytics_ensure_raw_partition(date) SECURITY DEFINER SET search_path = public, pg_temp`);
    await db.query(`
      CREATE FUNCTION analytics_retire_raw_partitions(retention_days integer) RETURNS SETOF text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        cutoff text := to_char((now() AT TIME ZONE 'UTC')::date - greatest(retention_days, 1), 'YYYYMMDD');
        name text;
      BEGIN
        FOR name IN
          SELECT child.relname FROM pg_inherits
            JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
            JOIN pg_class child ON child.oid = pg_inherits.inhrelid
           WHERE parent.relname = 'analytics_raw_events' AND replace(child.relname, 'analytics_raw_events_p', '') < cutoff
           ORDER BY child.relname
        LOOP
          EXECUTE format('ALTER TABLE analytics_raw_events DETACH PARTITION %I', name);
          EXECUTE format('DROP TABLE %I', name);
          RETURN NEXT name;
        END LOOP;
      END $$`);
    for (const fn of ['analytics_ensure_raw_partition(date)', 'analytics_retire_raw_partitions(integer)']) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION analytics_retire_raw_partitions(integer)`);
    await db.query(`ALTER FUNCTION analytics_ensure_raw_partition(date) SECURITY INVOKER RESET search_path`);
    await db.query(`GRANT EXECUTE ON FUNCTION analytics_ensure_raw_partition(date) TO PUBLIC`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data pipeline's tables. Raw rows land append-only in day partitions of
 * analytics_raw_events (range sharding by the day they arrived); the cleansing job turns them, in
 * batches, into analytics_facts or analytics_quarantine; the analytics job keeps daily aggregates
 * and association rules from the facts.
 */
export class Analytics1764690000000 implements MigrationInterface {
  name = 'Analytics1764690000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics_raw_events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        received_at timestamptz NOT NULL DEFAULT now(),
        -- Cleansing reads rows in commit order, as the event store's readers do (ARCHITECTURE.md).
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        source text NOT NULL,
        source_event_id text NOT NULL,
        event_type text NOT NULL,
        user_id uuid,
        device_id text,
        time_zone text,
        payload jsonb NOT NULL,
        client_ip inet,
        PRIMARY KEY (id, received_at)
      ) PARTITION BY RANGE (received_at)`);
    await db.query(`CREATE INDEX analytics_raw_events_order ON analytics_raw_events (transaction_id, id)`);
    // One partition a day (UTC), named by its day; created ahead by the worker, and on demand.
    await db.query(`
      CREATE FUNCTION analytics_ensure_raw_partition(day date) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        name text := 'analytics_raw_events_p' || to_char(day, 'YYYYMMDD');
      BEGIN
        IF to_regclass(name) IS NULL THEN
          EXECUTE format(
            'CREATE TABLE IF NOT EXISTS %I PARTITION OF analytics_raw_events FOR VALUES FROM (%L) TO (%L)',
            name, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
        END IF;
        RETURN name;
      END $$`);
    await db.query(`SELECT analytics_ensure_raw_partition((now() AT TIME ZONE 'UTC')::date + d) FROM generate_series(-1, 7) AS d`);

    // Sign-ins as identity records them (identity.session-started, relayed): when each session began.
    await db.query(`CREATE TABLE analytics_sessions (session_id uuid PRIMARY KEY, user_id uuid NOT NULL, started_at timestamptz NOT NULL)`);
    // A device seen signed in belongs to that user from the sign-in on; its anonymous events before are theirs too.
    await db.query(`
      CREATE TABLE analytics_device_links (
        device_id text NOT NULL,
        user_id uuid NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (device_id, user_id)
      )`);

    await db.query(`
      CREATE TABLE analytics_cleansing_batches (
        id bigint PRIMARY KEY,
        from_tx xid8 NOT NULL,
        from_raw_id bigint NOT NULL,
        to_tx xid8 NOT NULL,
        to_raw_id bigint NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        rows_in int NOT NULL,
        rows_out int NOT NULL,
        duplicates int NOT NULL,
        near_duplicates int NOT NULL,
        imputed jsonb NOT NULL,
        quarantined jsonb NOT NULL
      )`);

    await db.query(`
      CREATE TABLE analytics_facts (
        fact_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        batch_id bigint NOT NULL REFERENCES analytics_cleansing_batches (id),
        raw_id bigint NOT NULL,
        source text NOT NULL,
        source_event_id text NOT NULL,
        event_type text NOT NULL,
        user_id uuid,
        device_id text,
        item_id uuid,
        occurred_at timestamptz NOT NULL,
        platform text,
        amount_cents bigint,
        currency text,
        duration_ms bigint,
        progress double precision,
        rating double precision,
        query text,
        channel text,
        imputed text[] NOT NULL DEFAULT '{}',
        UNIQUE (source, source_event_id)
      )`);
    await db.query(`CREATE INDEX analytics_facts_series ON analytics_facts (user_id, item_id, event_type, occurred_at)`);
    await db.query(`CREATE INDEX analytics_facts_device_series ON analytics_facts (device_id, item_id, event_type, occurred_at) WHERE user_id IS NULL`);
    await db.query(`CREATE INDEX analytics_facts_user_time ON analytics_facts (user_id, occurred_at)`);
    await db.query(`CREATE INDEX analytics_facts_item_time ON analytics_facts (item_id, occurred_at)`);
    await db.query(`CREATE INDEX analytics_facts_batch ON analytics_facts (batch_id)`);

    await db.query(`
      CREATE TABLE analytics_quarantine (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        batch_id bigint NOT NULL REFERENCES analytics_cleansing_batches (id),
        raw_id bigint NOT NULL,
        source text NOT NULL,
        source_event_id text NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'discarded')),
        decided_by uuid,
        decided_at timestamptz,
        UNIQUE (batch_id, raw_id)
      )`);
    await db.query(`CREATE INDEX analytics_quarantine_open ON analytics_quarantine (status, id)`);

    // Items as catalog published them: whose they are and their category, for grouping and for creators' scope.
    await db.query(`
      CREATE TABLE analytics_items (
        item_id uuid PRIMARY KEY,
        creator_id uuid NOT NULL,
        category text NOT NULL,
        title text NOT NULL,
        published_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX analytics_items_creator ON analytics_items (creator_id)`);

    await db.query(`
      CREATE TABLE analytics_item_daily (
        day date NOT NULL,
        item_id uuid NOT NULL,
        platform text NOT NULL,
        views int NOT NULL,
        plays int NOT NULL,
        completions int NOT NULL,
        orders int NOT NULL,
        purchases int NOT NULL,
        revenue_cents bigint NOT NULL,
        refunds int NOT NULL,
        refund_cents bigint NOT NULL,
        ratings int NOT NULL,
        rating_sum double precision NOT NULL,
        PRIMARY KEY (day, item_id, platform)
      )`);

    await db.query(`
      CREATE TABLE analytics_association_rules (
        antecedent uuid[] NOT NULL,
        consequent uuid[] NOT NULL,
        support double precision NOT NULL,
        confidence double precision NOT NULL,
        lift double precision NOT NULL,
        baskets int NOT NULL,
        PRIMARY KEY (antecedent, consequent)
      )`);

    // Uploaded imports: the file's text until the worker has streamed it, then what came of it.
    await db.query(`
      CREATE TABLE analytics_imports (
        import_id uuid PRIMARY KEY,
        format text NOT NULL,
        time_zone text,
        content text,
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        rows int NOT NULL DEFAULT 0,
        error text,
        finished_at timestamptz
      )`);
    // How far the analytics job has read the facts (the last cleansing batch it folded in).
    await db.query(`CREATE TABLE analytics_refresh (id int PRIMARY KEY CHECK (id = 1), last_batch_id bigint NOT NULL, refreshed_at timestamptz NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'analytics_refresh',
      'analytics_imports',
      'analytics_association_rules',
      'analytics_item_daily',
      'analytics_items',
      'analytics_quarantine',
      'analytics_facts',
      'analytics_cleansing_batches',
      'analytics_device_links',
      'analytics_sessions',
      'analytics_raw_events',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await db.query(`DROP FUNCTION IF EXISTS analytics_ensure_raw_partition(date)`);
  }
}

import { Logger } from '@nestjs/common';
import pg from 'pg';

/** First key of every subscription's advisory lock (the second is hashtext(name)): keeps them apart from other advisory locks. */
export const SUBSCRIPTION_LOCK_CLASS = 740_001;
const HEARTBEAT_MS = 1000;
const QUERY_TIMEOUT_MS = 5000;

/**
 * Which subscriptions this process leads: session advisory locks, all held on ONE dedicated
 * connection outside the query pool, so standby subscribers pin nothing and leaders take pooled
 * connections only while they work. If the connection dies, every lock died with it: leadership
 * is dropped at once and re-won on a new connection (checkpoint compare-and-set fences a batch
 * that was already under way).
 */
export class SubscriptionLocks {
  private readonly logger = new Logger('Subscriptions');
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly held = new Set<string>();
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly databaseUrl: string) {}

  /** Whether this process leads `name` right now. */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Leads `name` if nobody else does; true if this process leads it now. */
  async tryAcquire(name: string): Promise<boolean> {
    if (this.held.has(name)) return true;
    const client = await this.connection();
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [
      SUBSCRIPTION_LOCK_CLASS,
      name,
    ]);
    if (rows[0]?.locked && this.client === client) this.held.add(name);
    return this.held.has(name);
  }

  /** Gives up every lock (by ending the session) and stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.drop(client);
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.closed) return Promise.reject(new Error('subscription locks are closed'));
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: 'zhiku-subscriptions',
      keepAlive: true,
      query_timeout: QUERY_TIMEOUT_MS,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    // An idle socket can die silently: a heartbeat notices, and leadership is dropped.
    this.heartbeat ??= setInterval(() => {
      const current = this.client;
      current?.query('SELECT 1').catch((error: unknown) => this.lost(current, error));
    }, HEARTBEAT_MS).unref();
    return client;
  }

  private lost(client: pg.Client | null, error: unknown): void {
    if (!client || this.client !== client) return;
    if (!this.closed && this.held.size > 0) {
      this.logger.warn(`lock connection lost (${(error as Error)?.message ?? error}): giving up ${[...this.held].join(', ')} until it is back`);
    }
    this.drop(client);
    void client.end().catch(() => undefined);
  }

  private drop(client: pg.Client | null): void {
    if (this.client !== client) return;
    this.client = null;
    this.held.clear();
  }
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

describe('configuration from the environment', () => {
  it('runs on a fresh machine with documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      // The app owns nothing; migrations run as the owner; the administrator only makes both (least privilege).
      databaseUrl: 'postgres://zhiku_app@127.0.0.1:5432/zhiku',
      databaseOwnerUrl: 'postgres://zhiku_owner@127.0.0.1:5432/zhiku',
      databaseAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      apiDocs: 'public',
      redisUrl: 'redis://127.0.0.1:6379',
      platformCommissionBps: 2000,
      adminEmail: null,
      host: '127.0.0.1',
      // No secret from the repository: each database gets its own generated one.
      jwtSecret: null,
      sandboxWebhookSecret: null,
      redisReconnectMaxMs: 2000,
      shutdownTimeoutMs: 7000,
    });
  });

  it('names every bad variable in one message', () => {
    const load = () =>
      loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', PLATFORM_COMMISSION_BPS: '1.5', ADMIN_EMAIL: 'a@b.co' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT must be an integer from 1 to 65535 \(got "99999"\)/);
    expect(load).toThrow(/DATABASE_URL must be a postgres: or postgresql: URL/);
    expect(load).toThrow(/PLATFORM_COMMISSION_BPS must be an integer/);
    expect(load).toThrow(/ADMIN_EMAIL and ADMIN_PASSWORD must be set together/);
  });

  it('bounds the reconnect pause and the shutdown deadline', () => {
    expect(loadConfig({ REDIS_RECONNECT_MAX_MS: '100', SHUTDOWN_TIMEOUT_MS: '500' })).toMatchObject({
      redisReconnectMaxMs: 100,
      shutdownTimeoutMs: 500,
    });
    const load = () => loadConfig({ REDIS_RECONNECT_MAX_MS: '0', SHUTDOWN_TIMEOUT_MS: 'soon' });
    expect(load).toThrow(/REDIS_RECONNECT_MAX_MS must be an integer from 50 to 60000 \(got "0"\)/);
    expect(load).toThrow(/SHUTDOWN_TIMEOUT_MS must be an integer from 100 to 120000 \(got "soon"\)/);
  });

  it('demands real secrets in production and accepts them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required when NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short', SANDBOX_WEBHOOK_SECRET: 'x'.repeat(32) })).toThrow(
      /JWT_SECRET must be at least 16 characters/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(32), SANDBOX_WEBHOOK_SECRET: 'w'.repeat(32) })).toThrow(
      /DATA_ENCRYPTION_KEY is required when NODE_ENV=production/,
    );
    const secrets = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(32), SANDBOX_WEBHOOK_SECRET: 'w'.repeat(32), DATA_ENCRYPTION_KEY: 'd'.repeat(32) };
    expect(() => loadConfig(secrets)).toThrow(/AUDIT_SIGNING_KEY is required when NODE_ENV=production/);
    expect(() => loadConfig({ ...secrets, AUDIT_SIGNING_KEY: 'a'.repeat(32) })).toThrow(/AUDIT_SIGNING_KEY must be 32 random bytes in base64/);
    const auditSigningKey = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ ...secrets, AUDIT_SIGNING_KEY: auditSigningKey });
    expect(config.auditSigningKey).toBe(auditSigningKey);
    expect(config.apiDocs).toBe('staff');
    expect(config.jwtSecret).toBe('j'.repeat(32));
    expect(config.dataEncryptionKey).toBe('d'.repeat(32));
  });

  it('searches on PostgreSQL by default, and on OpenSearch only with a cluster URL and a valid index name', () => {
    expect(loadConfig({}).search).toEqual({ backend: 'postgres', opensearchUrl: null, opensearchIndex: 'zhiku-contents' });
    expect(loadConfig({ SEARCH_BACKEND: 'opensearch', OPENSEARCH_URL: 'https://search.internal:9200' }).search).toEqual({
      backend: 'opensearch',
      opensearchUrl: 'https://search.internal:9200',
      opensearchIndex: 'zhiku-contents',
    });
    expect(() => loadConfig({ SEARCH_BACKEND: 'opensearch' })).toThrow(/SEARCH_BACKEND=opensearch needs OPENSEARCH_URL/);
    expect(() => loadConfig({ SEARCH_BACKEND: 'elastic' })).toThrow(/SEARCH_BACKEND must be one of postgres, opensearch/);
    expect(() => loadConfig({ OPENSEARCH_URL: 'ftp://x' })).toThrow(/OPENSEARCH_URL must be a http: or https: URL/);
    expect(() => loadConfig({ OPENSEARCH_INDEX: 'Bad Index' })).toThrow(/OPENSEARCH_INDEX must be a lower-case index name/);
  });
});

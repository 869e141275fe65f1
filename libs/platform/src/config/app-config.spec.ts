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

  it('reads OpenID Connect providers from validated JSON, and names what is wrong with them', () => {
    const acme = { name: 'acme', issuer: 'https://id.acme.test', clientId: 'zhiku', clientSecret: 's3cret' };
    expect(loadConfig({}).oidcProviders).toEqual([]);
    expect(loadConfig({ OIDC_PROVIDERS: JSON.stringify([acme]), PORT: '4000' })).toMatchObject({
      oidcProviders: [acme],
      oidcCallbackBaseUrl: 'http://localhost:4000',
    });
    // A local provider over http is for development and tests only.
    const local = { ...acme, issuer: 'http://127.0.0.1:9000' };
    expect(loadConfig({ OIDC_PROVIDERS: JSON.stringify([local]) }).oidcProviders).toEqual([local]);
    const refusals: [unknown, string][] = [
      ['not json', 'it is not JSON'],
      [[], '1 to 20 providers'],
      [[acme, acme], 'the name acme is given twice'],
      [[{ ...acme, name: 'Acme!' }], 'name must be 1-32 of a-z, 0-9 and -'],
      [[{ ...acme, clientSecret: '' }], 'acme: clientId and clientSecret must be non-empty strings'],
      [[{ ...acme, issuer: 'http://id.acme.test' }], 'acme: issuer must be https'],
      [[{ ...acme, issuer: 'nope' }], 'acme: issuer must be a URL'],
      [[{ ...acme, scope: 'all' }], 'entry 0 has unknown members scope'],
      [[null], 'entry 0 is not an object'],
    ];
    for (const [value, message] of refusals) {
      const raw = typeof value === 'string' ? value : JSON.stringify(value);
      expect(() => loadConfig({ OIDC_PROVIDERS: raw }), raw).toThrow(message);
    }
    expect(() => loadConfig({ NODE_ENV: 'production', OIDC_PROVIDERS: JSON.stringify([local]) })).toThrow('acme: issuer must be https');
  });

  it('reads staff hours and names a bad window', () => {
    expect(loadConfig({}).staffHours).toBeNull();
    expect(loadConfig({ STAFF_HOURS: 'Mon-Fri 09:00-18:00 Asia/Shanghai', STAFF_HOURS_EXEMPT_ADMINS: 'true' })).toMatchObject({
      staffHours: { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1080, timeZone: 'Asia/Shanghai' },
      staffHoursExemptAdmins: true,
    });
    expect(() => loadConfig({ STAFF_HOURS: 'Mon-Fri 18:00-09:00 UTC' })).toThrow('STAFF_HOURS the start must come before the end, within one day');
  });

  it('reads former audit public keys, raw or as a PEM body, and refuses anything else', () => {
    const raw = Buffer.alloc(32, 7).toString('base64');
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.alloc(32, 7)]).toString('base64');
    expect(loadConfig({ AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS: ` ${raw}, ${spki} ` }).auditSigningPreviousPublicKeys).toEqual([raw, spki]);
    expect(() => loadConfig({ AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS: 'c2hvcnQ' })).toThrow('each of AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS must be an Ed25519 public key');
  });
});

import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { generateSync } from 'otplib';
import pg from 'pg';
import { inject } from 'vitest';
import { type AppConfig, type Clock, loadConfig, type Role } from '#platform';
import { createApi } from '../../apps/api/src/bootstrap.js';
import { createWorker } from '../../apps/worker/src/bootstrap.js';
import { serverUrl, withAdmin } from './global-setup.js';

export const ADMIN = { email: 'admin@zhiku.test', password: 'admin-password-123' };
export const WEBHOOK_SECRET = 'test-sandbox-webhook-secret';

export interface HttpResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is (for malformed bodies); overrides `body`. */
  rawBody?: string;
  /** The client address the api sees (127.0.0.1 unless given). */
  remoteAddress?: string;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  /** Staff have a second factor: its TOTP secret and the recovery codes not used yet. */
  mfa?: SecondFactor;
}

export interface SecondFactor {
  secret: string;
  recoveryCodes: string[];
}

/** Roles that reach the back office, where a session must have passed a second factor. */
const STAFF: readonly Role[] = ['moderator', 'finance', 'admin'];
/** A staff token older than this is renewed, so it always passes a step-up (5 minutes). */
const FRESH_MFA_MS = 240_000;

/**
 * A whole Zhiku on its own database (cloned from the migrated template) and its own Redis key
 * prefix: the api as production builds it and, when asked, the worker beside it.
 */
export class TestApp {
  private constructor(
    readonly config: AppConfig,
    readonly api: NestFastifyApplication,
    readonly worker: INestApplicationContext | null,
    readonly db: pg.Pool,
    private readonly databaseName: string,
  ) {}

  static async start(
    options: {
      worker?: boolean;
      env?: Record<string, string>;
      extraImports?: DynamicModule[];
      workerImports?: DynamicModule[];
      /** The time this app's rules read (drip release, live sessions): a TestClock the test moves. The system clock by default. */
      clock?: Clock;
    } = {},
  ): Promise<TestApp> {
    const suffix = randomBytes(4).toString('hex');
    const databaseName = `zhiku_t_${inject('runId')}_${suffix}`;
    await withAdmin((client) => client.query(`CREATE DATABASE ${databaseName} TEMPLATE ${inject('templateDatabase')} OWNER ${new URL(serverUrl(databaseName, 'owner')).username}`));
    const config = loadConfig({
      NODE_ENV: 'test',
      // The processes connect as the app role (owns nothing, may not rewrite events or the audit trail); the tests' own SQL as the administrator.
      DATABASE_URL: serverUrl(databaseName, 'app'),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `zhiku_t_${inject('runId')}_${suffix}`,
      JWT_SECRET: `test-jwt-secret-${suffix}-0123456789`,
      SANDBOX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'error',
      SUBSCRIPTION_POLL_MS: '25',
      ...options.env,
    });
    const api = await createApi(config, { extraImports: options.extraImports, clock: options.clock });
    const worker = options.worker ? await createWorker(config, { extraImports: options.workerImports, clock: options.clock }) : null;
    const db = new pg.Pool({ connectionString: serverUrl(databaseName), max: 4 });
    return new TestApp(config, api, worker, db, databaseName);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.api.close();
    await this.db.end();
    await dropDatabase(this.databaseName);
    const redis = new Redis(this.config.redisUrl);
    try {
      const keys = await redis.keys(`${this.config.queuePrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }

  async request<T = any>(method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const response = await this.api.inject({ method: method as 'GET', url, headers, payload, remoteAddress: options.remoteAddress });
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      headers: response.headers,
      body: type.includes('json') && response.body ? JSON.parse(response.body) : response.body,
    };
  }

  async login(email: string, password: string): Promise<string> {
    const response = await this.request('POST', '/api/v1/auth/login', { body: { email, password } });
    if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.accessToken as string;
  }

  private admin: { token: string; at: number; mfa: SecondFactor | null } = { token: '', at: 0, mfa: null };
  /** One admin sign-in at a time: parallel callers wait for it rather than set up the second factor twice. */
  private adminSigningIn: Promise<string> | null = null;

  /** The configured admin's second factor, once adminToken has set it up. */
  get adminSecondFactor(): SecondFactor | null {
    return this.admin.mfa;
  }

  /** The configured admin's access token, from a sign-in with a second factor (set up on first use); recent enough for a step-up. */
  async adminToken(): Promise<string> {
    if (Date.now() - this.admin.at < FRESH_MFA_MS) return this.admin.token;
    this.adminSigningIn ??= this.signInWithMfa(ADMIN.email, ADMIN.password, this.admin.mfa)
      .then(({ token, mfa }) => {
        this.admin = { token, at: Date.now(), mfa };
        return token;
      })
      .finally(() => {
        this.adminSigningIn = null;
      });
    return this.adminSigningIn;
  }

  /**
   * Signs in as staff must: with a second factor. The first time, sets up TOTP with the password-only
   * token; signs in with a recovery code (a TOTP code is accepted once per 30 s step, and tests sign
   * in faster than that), replacing the codes before they run out.
   */
  async signInWithMfa(email: string, password: string, known: SecondFactor | null): Promise<{ token: string; mfa: SecondFactor }> {
    let mfa = known;
    if (!mfa) {
      const plain = await this.login(email, password);
      const enrolled = await this.request('POST', '/api/v1/me/mfa/totp', { token: plain });
      if (enrolled.status !== 200) throw new Error(`enrol ${email}: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
      const confirmed = await this.request('POST', '/api/v1/me/mfa/totp/confirm', {
        token: plain,
        body: { code: generateSync({ secret: enrolled.body.secret }) },
      });
      if (confirmed.status !== 200) throw new Error(`confirm ${email}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
      mfa = { secret: enrolled.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
    }
    const challenge = await this.request('POST', '/api/v1/auth/login', { body: { email, password } });
    if (challenge.status !== 202) throw new Error(`login ${email}: ${challenge.status} ${JSON.stringify(challenge.body)}`);
    const signedIn = await this.request('POST', '/api/v1/auth/login/mfa', {
      body: { mfaToken: challenge.body.mfaToken, recoveryCode: mfa.recoveryCodes.pop() },
    });
    if (signedIn.status !== 200) throw new Error(`login/mfa ${email}: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
    const token = signedIn.body.accessToken as string;
    if (mfa.recoveryCodes.length < 2) {
      const renewed = await this.request('POST', '/api/v1/me/mfa/recovery-codes', { token, body: { recoveryCode: mfa.recoveryCodes.pop() } });
      mfa.recoveryCodes = renewed.body.recoveryCodes;
    }
    return { token, mfa };
  }

  /** Registers a user, grants extra roles through the admin API, and signs in. */
  async user(name: string, roles: Role[] = []): Promise<TestUser> {
    const email = `${name}-${randomBytes(3).toString('hex')}@zhiku.test`;
    const password = `${name}-password-123`;
    const registered = await this.request('POST', '/api/v1/auth/register', { body: { email, password, displayName: name } });
    if (registered.status !== 201) throw new Error(`register ${email}: ${registered.status} ${JSON.stringify(registered.body)}`);
    const id = registered.body.id as string;
    await this.verifyEmail(email);
    if (roles.length > 0) {
      const granted = await this.request('POST', `/api/v1/admin/users/${id}/roles`, {
        token: await this.adminToken(),
        body: { roles },
      });
      if (granted.status !== 200) throw new Error(`grant ${roles}: ${granted.status} ${JSON.stringify(granted.body)}`);
    }
    if (roles.some((role) => STAFF.includes(role))) {
      const { token, mfa } = await this.signInWithMfa(email, password, null);
      return { id, email, password, token, mfa };
    }
    return { id, email, password, token: await this.login(email, password) };
  }

  /** The last mail to `to` in mail_outbox (where mail goes without SMTP_URL), once it has been written. */
  mailTo(to: string, subject: RegExp = /./): Promise<{ subject: string; body: string }> {
    return eventually(async () => {
      const [mail] = await this.sql(`SELECT subject, body FROM mail_outbox WHERE recipient = $1 AND subject ~ $2 ORDER BY created_at DESC LIMIT 1`, [
        to,
        subject.source,
      ]);
      return mail;
    }, 15_000, `a mail to ${to}`);
  }

  /** Verifies the email as its owner would: with the token of the link mailed at registration. */
  async verifyEmail(email: string): Promise<void> {
    const { body } = await this.mailTo(email, /Verify/);
    const token = /token=([A-Za-z0-9._-]+)/.exec(body)![1];
    const verified = await this.request('POST', '/api/v1/auth/email-verification', { body: { token } });
    if (verified.status !== 204) throw new Error(`verify ${email}: ${verified.status} ${JSON.stringify(verified.body)}`);
  }

  async sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.db.query(text, params);
    return result.rows as T[];
  }
}

/**
 * Drops a test database once its connections have closed by themselves. Forcing it at once would
 * kill a connection still saying goodbye, and pg raises that as an uncaught error in the test.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [{ sessions }] = (
      await withAdmin((client) => client.query(`SELECT count(*)::int AS sessions FROM pg_stat_activity WHERE datname = $1`, [name]))
    ).rows;
    if (sessions === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Polls until `check` returns a truthy value, which it returns, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false | 0 | ''>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

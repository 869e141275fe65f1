import { parseStaffHours, type StaffHours } from '../authz/staff-hours.js';

/**
 * Every setting the processes read, parsed once from the environment at start.
 * A bad value stops the process with a message that names the variable.
 */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  /** The app's connection (api and worker): a role that owns nothing and may not rewrite append-only tables. */
  readonly databaseUrl: string;
  /** The role migrations run as: it owns the schema. */
  readonly databaseOwnerUrl: string;
  /** A superuser connection (to the maintenance database) that creates both roles and the database if missing; `npm run migrate` only. */
  readonly databaseAdminUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  /** Null outside production when unset: a secret generated for the database is used (platform_secrets). */
  readonly jwtSecret: string | null;
  /** Former JWT_SECRETs whose tokens are still accepted (never used to sign): rotation without signing everyone out. */
  readonly jwtPreviousSecrets: readonly string[];
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** How old a session's last second factor may be for a sensitive action (@StepUp). */
  readonly stepUpMaxAgeSeconds: number;
  /** How long the refresh token just rotated away still gets the same new tokens (parallel tabs, a lost answer). */
  readonly refreshReuseGraceSeconds: number;
  readonly adminEmail: string | null;
  readonly adminPassword: string | null;
  /** Null outside production when unset: a secret generated for the database is used (platform_secrets). */
  readonly sandboxWebhookSecret: string | null;
  /** Key of sensitive fields at rest (AES-256-GCM); null outside production when unset: generated per database. */
  readonly dataEncryptionKey: string | null;
  /** Former DATA_ENCRYPTION_KEYs, still read (never written) until `npm run zhiku -- secrets rotate-data-key` has re-encrypted everything. */
  readonly dataPreviousEncryptionKeys: readonly string[];
  /** Ed25519 private key (its 32-byte seed, base64url) that signs audit checkpoints; null outside production when unset: generated per database. */
  readonly auditSigningKey: string | null;
  /** Public keys (raw 32 bytes or SubjectPublicKeyInfo DER, base64) of former AUDIT_SIGNING_KEYs: their checkpoints still verify. */
  readonly auditSigningPreviousPublicKeys: readonly string[];
  /** Who may read /docs and /docs-json: anyone, staff with a second factor (bearer token), or nobody (not served). */
  readonly apiDocs: 'public' | 'staff' | 'off';
  /** When staff may use the back office (/api/v1/admin/*); null: at any time. */
  readonly staffHours: StaffHours | null;
  /** Admins may use the back office outside staff hours too. */
  readonly staffHoursExemptAdmins: boolean;
  readonly securityAlerts: {
    /** How often the worker scans recent security events for anomalies. */
    readonly everySeconds: number;
    /** How far back each scan looks. */
    readonly windowSeconds: number;
    /** Failed sign-ins from one address on this many accounts: credential stuffing. */
    readonly stuffingAccounts: number;
    /** Sign-ins (failed or not) to one account from this many addresses. */
    readonly accountAddresses: number;
  };
  /** How often the worker signs a checkpoint of the audit chain. */
  readonly auditCheckpointSeconds: number;
  readonly webhookToleranceSeconds: number;
  /** The payment provider new payments are opened with; its credentials below must be set. */
  readonly paymentProvider: 'sandbox' | 'stripe' | 'alipay' | 'wechatpay';
  /** Stripe's credentials, when it is set up (STRIPE_SECRET_KEY); apiUrl points the SDK elsewhere (a local server in tests). */
  readonly stripe: { readonly secretKey: string; readonly webhookSecret: string; readonly apiUrl: string | null } | null;
  /** Alipay's, when it is set up: our app id and private key, Alipay's public key, its gateway, and our notification address. */
  readonly alipay: {
    readonly appId: string;
    readonly privateKey: string;
    readonly alipayPublicKey: string;
    readonly gatewayUrl: string;
    readonly notifyUrl: string | null;
  } | null;
  /** WeChat Pay API v3's, when it is set up: merchant, app, APIv3 key, our key and certificate serial, WeChat Pay's public key. */
  readonly wechatpay: {
    readonly mchId: string;
    readonly appId: string;
    readonly apiV3Key: string;
    readonly privateKey: string;
    readonly certSerial: string;
    readonly platformPublicKey: string;
    readonly platformKeyId: string | null;
    readonly apiUrl: string;
    readonly notifyUrl: string;
    /** The 委托代扣 template (plan_id) members sign to have renewals deducted; null: they pay each renewal themselves. */
    readonly papayPlanId: number | null;
    /**
     * How creators are paid: 'bills' (商家转账, /v3/fund-app/mch-transfer/transfer-bills, the payee confirms
     * in WeChat) or 'batches' (商家转账到零钱, /v3/transfer/batches, closed to new merchants).
     */
    readonly transferApi: 'bills' | 'batches';
    /** The transfer scene (转账场景ID) WeChat Pay approved for the merchant, and what the payee sees it as (用户收款感知). */
    readonly transferSceneId: string;
    readonly transferRecvPerception: string | null;
    /** The scene's report items (转账场景报备信息): info_type=info_content pairs. */
    readonly transferSceneReport: readonly { infoType: string; infoContent: string }[];
  } | null;
  /** A payment still pending this long is asked about at its provider (reconciliation). */
  readonly reconcilePendingAfterMinutes: number;
  /** How often the worker looks for such payments. */
  readonly reconcileEveryMs: number;
  readonly platformCommissionBps: number;
  readonly orderPaymentWindowMs: number;
  readonly refundWindowDays: number;
  /** A refund is refused once the buyer opened more than this share of the order's lessons (percent; 100: never refused for it). */
  readonly refundMaxLessonsOpenedPercent: number;
  /** Learning progress the server trusts: the fastest playback credited (percent of real time), the most one heartbeat credits, and the share watched that completes a lesson. */
  readonly progress: { maxRatePercent: number; maxCreditSeconds: number; completePercent: number };
  readonly earningsHoldDays: number;
  readonly membershipGraceDays: number;
  /** What buying a bundle does with items the buyer holds already: price them out of it, or refuse the order. */
  readonly bundleOwnedItems: 'price-out' | 'refuse';
  readonly membershipRetryDays: readonly number[];
  readonly payoutMinimumCents: number;
  /** Approving a refund of this much or more needs a second factor within STEP_UP_MAX_AGE_SECONDS. */
  readonly refundStepUpCents: number;
  /** The platform's commission on a sale made through the creator's own coupon (the creator brought the buyer). */
  readonly creatorCouponCommissionBps: number;
  readonly httpBodyLimitBytes: number;
  readonly recommendationRebuildEveryMs: number;
  /** EASE serves while its multiply-adds (dense inverse + neighbourhood pass) stay within this; above, the sparse models (RP3β + content). */
  readonly recommendationEaseMaxWork: number;
  /** User-kNN leaves items with more learners than this out when finding neighbours (batch, refresh and model alike; see USER_KNN_MAX_ITEM_LEARNERS). */
  readonly recommendationUserKnnMaxItemLearners: number;
  readonly subscriptionPollMs: number;
  readonly subscriptionMaxAttempts: number;
  readonly subscriptionRetryDelayMs: number;
  readonly idleInTransactionTimeoutMs: number;
  readonly idempotencyLeaseMs: number;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Longest pause between two attempts to reach Redis again while it is down. */
  readonly redisReconnectMaxMs: number;
  /** How long SIGTERM/SIGINT may take to close a process before it exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** argon2id cost of new password hashes (never below OWASP's 19 MiB, 2 passes); older hashes are upgraded at login. */
  readonly argon2MemoryKib: number;
  readonly argon2TimeCost: number;
  /** Where mail goes: an SMTP server (`smtp://user:password@host:port`), or null for the mail_outbox table and the log. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** Twilio's Messages API for SMS; null: text messages are kept in sms_outbox (development). */
  readonly twilio: { readonly accountSid: string; readonly authToken: string; readonly from: string; readonly apiUrl: string } | null;
  /** The client app's address, for the links mails carry (`<appUrl>/verify-email?token=…`). */
  readonly appUrl: string;
  /** Sign-in throttling (README, "Accounts and security"). */
  readonly login: LoginThrottling;
  /** Outbound webhooks to integrators (README, "Integrators"). */
  readonly webhooks: OutboundWebhooks;
  /** The font of PDF receipts (`path`, or `path#PostScriptName` in a collection); null: a CJK font found on the machine, else Helvetica. */
  readonly receiptFont: string | null;
  /** Collection, cleansing and analytics (README, "Analytics"). */
  readonly analytics: AnalyticsSettings;
  /** Comments, likes, reviews and their moderation (README, "Community"). */
  readonly community: CommunitySettings;
  /** Q&A and paid questions (README, "Q&A and paid questions"). */
  readonly consulting: ConsultingSettings;
  /** Follows, notifications and direct messages (README, "Community"). */
  readonly social: SocialSettings;
  /** Ed25519 private key (its 32-byte seed, base64url) that signs course certificates; null outside production when unset: generated per database. */
  readonly certificateSigningKey: string | null;
  /** Former certificate keys (seeds), still trusted to verify the certificates they signed (never to sign). */
  readonly certificatePreviousSigningKeys: readonly string[];
  /** Uploaded audio, video, images and attachments (README, "Media"). */
  readonly media: MediaSettings;
  /** OpenID Connect providers people may sign in with (README, "Accounts and security"); empty: none. */
  readonly oidcProviders: readonly OidcProviderSettings[];
  /** The api's address as browsers reach it: providers send people back to `<this>/api/v1/auth/oidc/<name>/callback`. */
  readonly oidcCallbackBaseUrl: string;
  /** Where contents are searched (README, "Search"). */
  readonly search: SearchSettings;
  /** Diversity of a learner's recommendations: at most this many items of one creator. */
  readonly recommendationMaxPerCreator: number;
}

export interface CommunitySettings {
  /** How long after posting its author may edit a comment. */
  readonly editWindowSeconds: number;
  /** Comments, replies, reviews and reports one user may post per minute. */
  readonly postsPerMinute: number;
  /** Reports (not yet reviewed by a moderator) that hide a post until one has looked at it. */
  readonly reportThreshold: number;
  /** The sensitive-word list (one word a line, `#` comments), read at start. */
  readonly sensitiveWordsFile: string;
}

export interface ConsultingSettings {
  /** How long an expert has, from the payment, to answer a paid question before it is refunded (CONSULTING_ANSWER_HOURS). */
  readonly answerWindowMs: number;
  /** How long after answering the answer may be edited. */
  readonly answerEditMinutes: number;
  /** How often the worker sweeps for unanswered questions whose refund job was missed. */
  readonly sweepEveryMs: number;
}

export interface SocialSettings {
  /** Direct messages one sender may send per minute. */
  readonly messagesPerMinute: number;
  /** Followers one fan-out batch notifies (one short transaction each). */
  readonly fanOutBatchSize: number;
}

export interface MediaSettings {
  /** Where the bytes are kept: a directory of this machine (served by the api itself) or an S3-compatible bucket. */
  readonly store: 'local' | 's3';
  /** The local store's directory. */
  readonly dir: string;
  /** The S3 store's bucket and how to reach it; credentials null: the AWS SDK's default chain (AWS_* variables, instance role). */
  readonly s3: {
    readonly bucket: string;
    readonly region: string;
    readonly endpoint: string | null;
    readonly forcePathStyle: boolean;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | null;
    /**
     * How playback reaches the bytes: `stream` (the default) sends them through the api, so no URL of the
     * object ever leaves the server and only the user a playback URL is bound to gets them; `redirect`
     * sends the client to a presigned GET (less load on the api; that URL works for whoever holds it).
     */
    readonly delivery: 'stream' | 'redirect';
    /**
     * How long the presigned GET the api redirects a playback URL to stays valid (never beyond that URL's
     * own expiry): a presigned URL works for whoever holds it, so it lives just long enough to be followed.
     */
    readonly redirectUrlTtlSeconds: number;
  } | null;
  /** How long an upload URL stays valid. */
  readonly uploadUrlTtlSeconds: number;
  /** How long a playback or download URL stays valid. */
  readonly playbackUrlTtlSeconds: number;
  /** Largest file of each kind, in bytes. */
  readonly maxBytes: { readonly audio: number; readonly video: number; readonly image: number; readonly attachment: number };
}

/** One OpenID Connect provider, registered there with `<oidcCallbackBaseUrl>/api/v1/auth/oidc/<name>/callback` as redirect URI. */
export interface OidcProviderSettings {
  /** The provider's name in our routes (`/api/v1/auth/oidc/<name>/start`). */
  readonly name: string;
  /** Its issuer identifier; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface SearchSettings {
  /** postgres: full-text search in the database (default); opensearch: an OpenSearch cluster fed from the catalog events. */
  readonly backend: 'postgres' | 'opensearch';
  /** The cluster's URL (required with the opensearch backend). */
  readonly opensearchUrl: string | null;
  readonly opensearchIndex: string;
  /** Suggestion requests (one per keystroke) one signed-in user, and one client address, may make per minute. */
  readonly suggestionsPerMinutePerUser: number;
  readonly suggestionsPerMinutePerIp: number;
  /** Matches one PostgreSQL search ranks and counts at most (title and tag hits first): what bounds its latency on a large catalogue. */
  readonly maxCandidates: number;
}

export interface OutboundWebhooks {
  /** Attempts of one delivery before it is marked failed (the first included). */
  readonly deliveryAttempts: number;
  /** The wait before the first retry; it doubles with each further one. */
  readonly retryBaseMs: number;
  /** How long one attempt may take, connection to last byte. */
  readonly timeoutMs: number;
  /** Deliveries to loopback, private and link-local addresses: never in production unless allowed (SSRF). */
  readonly allowPrivateTargets: boolean;
}

export interface AnalyticsSettings {
  /** Days a day-partition of raw events is kept before it is detached (and dropped). */
  readonly rawRetentionDays: number;
  /** Behaviour events one signed-in user, and one client address, may send per minute. */
  readonly eventsPerMinutePerUser: number;
  readonly eventsPerMinutePerIp: number;
  /** Same user, item and type within this window after a kept event is a near-duplicate (a double tap). */
  readonly nearDuplicateWindowMs: number;
  /** Raw rows one cleansing batch takes at most. */
  readonly cleansingBatchSize: number;
  /** How often the worker cleanses new raw rows and refreshes the analytics. */
  readonly cleansingEveryMs: number;
  readonly analyticsEveryMs: number;
  /** Thresholds of the "bought together" association rules. */
  readonly ruleMinSupport: number;
  readonly ruleMinConfidence: number;
  /** Longest time the pricing optimiser's solver may run, in ms. */
  readonly solverTimeLimitMs: number;
}

export interface LoginThrottling {
  /** Failed sign-ins of one account (or from one address) answered without delay. */
  readonly accountFreeFailures: number;
  readonly ipFreeFailures: number;
  /** Failures that lock the account (or the address) for `lockSeconds`. */
  readonly accountLockFailures: number;
  readonly ipLockFailures: number;
  /** The first delay once the free failures are spent; it doubles with each further failure, up to a minute. */
  readonly delayBaseMs: number;
  /** How long a lock lasts, and how long a failure is remembered. */
  readonly lockSeconds: number;
  /** Password hashes computed at once beyond the CPU count wait in a queue this long at most; more are refused (503). */
  readonly hashQueueLength: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** SubjectPublicKeyInfo DER header of an Ed25519 public key; its 32 bytes follow. */
export const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The same server (and database, unless given) as another user, without a password: a default for the other connections. */
function withUser(databaseUrl: string, user: string, database?: string): string {
  try {
    const url = new URL(databaseUrl);
    url.username = user;
    url.password = '';
    if (database) url.pathname = `/${database}`;
    return url.toString();
  } catch {
    return databaseUrl;
  }
}

export function loadConfig(env: Env = process.env): AppConfig {
  const errors: string[] = [];
  const str = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value === '' ? fallback : value;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = str(name, fallback);
    if (!(allowed as readonly string[]).includes(raw)) {
      errors.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw !== 'true' && raw !== 'false') {
      errors.push(`${name} must be true or false (got "${raw}")`);
      return fallback;
    }
    return raw === 'true';
  };
  /** A comma-separated list of whole days, e.g. "1,3,5" (empty: none). */
  const days = (name: string, fallback: number[]): number[] => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    if (raw.trim() === '') return [];
    const values = raw.split(',').map((part) => Number(part.trim()));
    if (values.some((value) => !Number.isInteger(value) || value < 0 || value > 60) || values.length > 10) {
      errors.push(`${name} must be up to 10 comma-separated whole days from 0 to 60 (got "${raw}")`);
      return fallback;
    }
    return values;
  };
  const fraction = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || value > 1) {
      errors.push(`${name} must be a number above 0 and at most 1 (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  /** A duration in hours, fractions allowed (0.001 h is 3.6 s), as whole milliseconds. */
  const hours = (name: string, fallback: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback * 3_600_000;
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0 || value > max) {
      errors.push(`${name} must be a number of hours above 0 and at most ${max} (got "${raw}")`);
      return fallback * 3_600_000;
    }
    return Math.max(1, Math.round(value * 3_600_000));
  };
  const url = (name: string, fallback: string, protocols: string[]): string => {
    const raw = str(name, fallback);
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        errors.push(`${name} must be a ${protocols.join(' or ')} URL (got "${raw}")`);
      }
    } catch {
      errors.push(`${name} must be a URL (got "${raw}")`);
    }
    return raw;
  };

  const nodeEnv = oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  // No secret has a default anyone could read in the repository. Unset outside production, the
  // processes generate one at first start and keep it in the database, so `npm start` just works.
  const secret = (name: string): string | null => {
    const value = env[name];
    if (value !== undefined && value !== '') {
      if (value.length < 16) errors.push(`${name} must be at least 16 characters`);
      return value;
    }
    if (nodeEnv === 'production') errors.push(`${name} is required when NODE_ENV=production`);
    return null;
  };

  const ed25519Seed = (name: string, value: string | null): string | null => {
    if (value !== null && Buffer.from(value, 'base64url').length !== 32) {
      errors.push(`${name} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
    }
    return value;
  };

  const databaseUrl = url('DATABASE_URL', 'postgres://zhiku_app@127.0.0.1:5432/zhiku', ['postgres:', 'postgresql:']);

  const twilio = () => {
    const [accountSid, authToken, from] = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM];
    if (!accountSid && !authToken && !from) return null;
    if (!accountSid || !authToken || !from) {
      errors.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM must be set together');
      return null;
    }
    return { accountSid, authToken, from, apiUrl: url('TWILIO_API_URL', 'https://api.twilio.com', ['https:', 'http:']) };
  };

  const adminEmail = env.ADMIN_EMAIL ? env.ADMIN_EMAIL.trim().toLowerCase() : null;
  const adminPassword = env.ADMIN_PASSWORD || null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    errors.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (adminPassword !== null && adminPassword.length < 12) {
    errors.push('ADMIN_PASSWORD must be at least 12 characters');
  }

  // A provider's credentials come together or not at all; the one PAYMENT_PROVIDER names must be there.
  const providerCredentials = <K extends string>(provider: string, names: readonly K[]): Record<K, string> | null => {
    const present = names.filter((name) => env[name]);
    if (present.length === 0) return null;
    const missing = names.filter((name) => !env[name]);
    if (missing.length > 0) errors.push(`${missing.join(', ')} must be set with ${present.join(', ')} (${provider})`);
    return Object.fromEntries(names.map((name) => [name, env[name] ?? ''])) as Record<K, string>;
  };
  const stripeKeys = providerCredentials('stripe', ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const);
  const alipayKeys = providerCredentials('alipay', ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'] as const);
  const alipayGatewayUrl = url('ALIPAY_GATEWAY_URL', 'https://openapi.alipay.com/gateway.do', ['http:', 'https:']);
  const alipayNotifyUrl = env.ALIPAY_NOTIFY_URL ? url('ALIPAY_NOTIFY_URL', '', ['http:', 'https:']) : null;
  const wechatKeys = providerCredentials('wechatpay', [
    'WECHATPAY_MCH_ID',
    'WECHATPAY_APP_ID',
    'WECHATPAY_API_V3_KEY',
    'WECHATPAY_PRIVATE_KEY',
    'WECHATPAY_CERT_SERIAL',
    'WECHATPAY_PUBLIC_KEY',
    'WECHATPAY_NOTIFY_URL',
  ] as const);
  if (wechatKeys && Buffer.byteLength(wechatKeys.WECHATPAY_API_V3_KEY) !== 32) errors.push('WECHATPAY_API_V3_KEY must be the 32-character APIv3 key');
  const wechatApiUrl = url('WECHATPAY_API_URL', 'https://api.mch.weixin.qq.com', ['http:', 'https:']);
  const wechatNotifyUrl = wechatKeys ? url('WECHATPAY_NOTIFY_URL', '', ['https:', 'http:']) : '';
  const wechatSceneId = env.WECHATPAY_TRANSFER_SCENE_ID || '1005';
  if (!/^\d{1,32}$/.test(wechatSceneId)) errors.push('WECHATPAY_TRANSFER_SCENE_ID must be the digits of a transfer scene id (转账场景ID)');
  // 佣金报酬 (1005) reports the payee's role and what the money is for; another scene names its own items.
  const wechatSceneReport = (env.WECHATPAY_TRANSFER_SCENE_REPORT || '岗位类型=知识创作者;报酬说明=知库创作收益')
    .split(';')
    .filter((pair) => pair.trim() !== '')
    .map((pair) => {
      const [infoType = '', ...rest] = pair.split('=');
      const infoContent = rest.join('=');
      if (infoType.trim() === '' || infoContent.trim() === '') errors.push('WECHATPAY_TRANSFER_SCENE_REPORT must be info_type=info_content pairs separated by ;');
      return { infoType: infoType.trim(), infoContent: infoContent.trim() };
    });
  const stripeApiUrl = env.STRIPE_API_URL ? url('STRIPE_API_URL', '', ['http:', 'https:']) : null;

  const mediaStore = oneOf('MEDIA_STORE', ['local', 's3'] as const, 'local');
  const mediaS3 = () => {
    if (mediaStore !== 's3') return null;
    const bucket = env.MEDIA_S3_BUCKET;
    if (!bucket) errors.push('MEDIA_S3_BUCKET is required when MEDIA_STORE=s3');
    const [accessKeyId, secretAccessKey] = [env.MEDIA_S3_ACCESS_KEY_ID, env.MEDIA_S3_SECRET_ACCESS_KEY];
    if (!accessKeyId !== !secretAccessKey) errors.push('MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY must be set together');
    return {
      bucket: bucket ?? '',
      region: str('MEDIA_S3_REGION', 'us-east-1'),
      endpoint: env.MEDIA_S3_ENDPOINT ? url('MEDIA_S3_ENDPOINT', '', ['http:', 'https:']) : null,
      forcePathStyle: bool('MEDIA_S3_FORCE_PATH_STYLE', false),
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
      delivery: oneOf('MEDIA_S3_DELIVERY', ['stream', 'redirect'] as const, 'stream'),
      redirectUrlTtlSeconds: int('MEDIA_S3_REDIRECT_TTL_SECONDS', 30, 1, 600),
    };
  };

  const staffHours = (): StaffHours | null => {
    const raw = env.STAFF_HOURS;
    if (raw === undefined || raw.trim() === '') return null;
    const parsed = parseStaffHours(raw);
    if (typeof parsed === 'string') errors.push(`STAFF_HOURS ${parsed} (got "${raw}")`);
    return typeof parsed === 'string' ? null : parsed;
  };

  /** OIDC_PROVIDERS: a JSON array of `{ name, issuer, clientId, clientSecret }`, nothing else in them. */
  const oidcProviders = (): OidcProviderSettings[] => {
    const raw = env.OIDC_PROVIDERS;
    if (raw === undefined || raw.trim() === '') return [];
    const refuse = (why: string): OidcProviderSettings[] => {
      errors.push(`OIDC_PROVIDERS must be a JSON array of { "name", "issuer", "clientId", "clientSecret" }: ${why}`);
      return [];
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return refuse('it is not JSON');
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 20) return refuse('1 to 20 providers');
    const names = new Set<string>();
    const providers: OidcProviderSettings[] = [];
    for (const [i, entry] of parsed.entries()) {
      const item = entry as Record<string, unknown>;
      if (item === null || typeof item !== 'object') return refuse(`entry ${i} is not an object`);
      const extra = Object.keys(item).filter((key) => !['name', 'issuer', 'clientId', 'clientSecret'].includes(key));
      if (extra.length > 0) return refuse(`entry ${i} has unknown members ${extra.join(', ')}`);
      const { name, issuer, clientId, clientSecret } = item;
      if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,31}$/.test(name)) return refuse(`entry ${i}: name must be 1-32 of a-z, 0-9 and -`);
      if (names.has(name)) return refuse(`the name ${name} is given twice`);
      names.add(name);
      if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
        return refuse(`${name}: clientId and clientSecret must be non-empty strings`);
      }
      let issuerUrl: URL;
      try {
        issuerUrl = new URL(String(issuer));
      } catch {
        return refuse(`${name}: issuer must be a URL`);
      }
      // Tokens over plain HTTP could be read and changed on the way: only a provider on this machine, outside production.
      const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuerUrl.hostname);
      if (issuerUrl.protocol !== 'https:' && !(issuerUrl.protocol === 'http:' && loopback && nodeEnv !== 'production')) {
        return refuse(`${name}: issuer must be https (http only for localhost outside production)`);
      }
      providers.push({ name, issuer: String(issuer), clientId, clientSecret });
    }
    return providers;
  };

  const searchSettings = (): SearchSettings => {
    const backend = oneOf('SEARCH_BACKEND', ['postgres', 'opensearch'] as const, 'postgres');
    const opensearchUrl = env.OPENSEARCH_URL ? url('OPENSEARCH_URL', '', ['http:', 'https:']) : null;
    if (backend === 'opensearch' && opensearchUrl === null) errors.push('SEARCH_BACKEND=opensearch needs OPENSEARCH_URL');
    const opensearchIndex = str('OPENSEARCH_INDEX', 'zhiku-contents');
    if (!/^[a-z0-9][a-z0-9_-]{0,99}$/.test(opensearchIndex)) errors.push(`OPENSEARCH_INDEX must be a lower-case index name (got "${opensearchIndex}")`);
    const suggestionsPerMinutePerUser = int('SEARCH_SUGGESTIONS_PER_MINUTE_PER_USER', 120, 1, 100_000);
    const suggestionsPerMinutePerIp = int('SEARCH_SUGGESTIONS_PER_MINUTE_PER_IP', 1200, 1, 1_000_000);
    const maxCandidates = int('SEARCH_MAX_CANDIDATES', 1000, 1, 100_000);
    return { backend, opensearchUrl, opensearchIndex, suggestionsPerMinutePerUser, suggestionsPerMinutePerIp, maxCandidates };
  };

  const config: AppConfig = {
    nodeEnv,
    // Reachable from this machine only, unless the operator says otherwise (a container sets 0.0.0.0).
    host: str('HOST', '127.0.0.1'),
    port: int('PORT', 3000, 1, 65535),
    databaseUrl,
    databaseOwnerUrl: url('DATABASE_OWNER_URL', withUser(databaseUrl, 'zhiku_owner'), ['postgres:', 'postgresql:']),
    databaseAdminUrl: url('DATABASE_ADMIN_URL', withUser(databaseUrl, 'postgres', 'postgres'), ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: str('QUEUE_PREFIX', 'zhiku'),
    jwtSecret: secret('JWT_SECRET'),
    jwtPreviousSecrets: (env.JWT_PREVIOUS_SECRETS ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => {
        if (value !== '' && value.length < 16) errors.push('each of JWT_PREVIOUS_SECRETS must be at least 16 characters');
        return value !== '';
      }),
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
    refreshTokenTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, 300, 365 * 86_400),
    stepUpMaxAgeSeconds: int('STEP_UP_MAX_AGE_SECONDS', 300, 1, 3600),
    refreshReuseGraceSeconds: int('REFRESH_REUSE_GRACE_SECONDS', 10, 0, 60),
    adminEmail,
    adminPassword,
    sandboxWebhookSecret: secret('SANDBOX_WEBHOOK_SECRET'),
    dataEncryptionKey: secret('DATA_ENCRYPTION_KEY'),
    dataPreviousEncryptionKeys: (env.DATA_PREVIOUS_ENCRYPTION_KEYS ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => {
        if (value !== '' && value.length < 16) errors.push('each of DATA_PREVIOUS_ENCRYPTION_KEYS must be at least 16 characters');
        return value !== '';
      }),
    auditSigningKey: ed25519Seed('AUDIT_SIGNING_KEY', secret('AUDIT_SIGNING_KEY')),
    auditSigningPreviousPublicKeys: (env.AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => {
        const bytes = Buffer.from(value, 'base64url');
        if (value !== '' && bytes.length !== 32 && !(bytes.length === 44 && bytes.subarray(0, 12).equals(ED25519_SPKI_PREFIX))) {
          errors.push('each of AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS must be an Ed25519 public key in base64: its 32 bytes, or its SubjectPublicKeyInfo (the body of the PEM)');
        }
        return value !== '';
      }),
    auditCheckpointSeconds: int('AUDIT_CHECKPOINT_SECONDS', 60, 1, 86_400),
    staffHours: staffHours(),
    staffHoursExemptAdmins: bool('STAFF_HOURS_EXEMPT_ADMINS', false),
    apiDocs: oneOf('API_DOCS', ['public', 'staff', 'off'] as const, nodeEnv === 'production' ? 'staff' : 'public'),
    securityAlerts: {
      everySeconds: int('SECURITY_ALERTS_EVERY_SECONDS', 60, 1, 86_400),
      windowSeconds: int('SECURITY_ALERTS_WINDOW_SECONDS', 3600, 60, 7 * 86_400),
      stuffingAccounts: int('SECURITY_ALERTS_STUFFING_ACCOUNTS', 5, 2, 10_000),
      accountAddresses: int('SECURITY_ALERTS_ACCOUNT_ADDRESSES', 5, 2, 10_000),
    },
    webhookToleranceSeconds: int('WEBHOOK_TOLERANCE_SECONDS', 300, 1, 3600),
    paymentProvider: oneOf('PAYMENT_PROVIDER', ['sandbox', 'stripe', 'alipay', 'wechatpay'] as const, 'sandbox'),
    stripe: stripeKeys && { secretKey: stripeKeys.STRIPE_SECRET_KEY, webhookSecret: stripeKeys.STRIPE_WEBHOOK_SECRET, apiUrl: stripeApiUrl },
    alipay: alipayKeys && {
      appId: alipayKeys.ALIPAY_APP_ID,
      privateKey: alipayKeys.ALIPAY_PRIVATE_KEY,
      alipayPublicKey: alipayKeys.ALIPAY_PUBLIC_KEY,
      gatewayUrl: alipayGatewayUrl,
      notifyUrl: alipayNotifyUrl,
    },
    wechatpay: wechatKeys && {
      mchId: wechatKeys.WECHATPAY_MCH_ID,
      appId: wechatKeys.WECHATPAY_APP_ID,
      apiV3Key: wechatKeys.WECHATPAY_API_V3_KEY,
      privateKey: wechatKeys.WECHATPAY_PRIVATE_KEY,
      certSerial: wechatKeys.WECHATPAY_CERT_SERIAL,
      platformPublicKey: wechatKeys.WECHATPAY_PUBLIC_KEY,
      platformKeyId: env.WECHATPAY_PUBLIC_KEY_ID || null,
      apiUrl: wechatApiUrl,
      notifyUrl: wechatNotifyUrl,
      papayPlanId: env.WECHATPAY_PAPAY_PLAN_ID ? int('WECHATPAY_PAPAY_PLAN_ID', 0, 1, Number.MAX_SAFE_INTEGER) : null,
      transferApi: oneOf('WECHATPAY_TRANSFER_API', ['bills', 'batches'] as const, 'bills'),
      transferSceneId: wechatSceneId,
      transferRecvPerception: env.WECHATPAY_TRANSFER_RECV_PERCEPTION || null,
      transferSceneReport: wechatSceneReport,
    },
    reconcilePendingAfterMinutes: int('RECONCILE_PENDING_AFTER_MINUTES', 15, 0, 7 * 24 * 60),
    reconcileEveryMs: int('RECONCILE_EVERY_MS', 300_000, 1000, 86_400_000),
    platformCommissionBps: int('PLATFORM_COMMISSION_BPS', 2000, 0, 10_000),
    orderPaymentWindowMs: int('ORDER_PAYMENT_WINDOW_MS', 30 * 60_000, 1000, 7 * 86_400_000),
    refundWindowDays: int('REFUND_WINDOW_DAYS', 7, 0, 365),
    refundMaxLessonsOpenedPercent: int('REFUND_MAX_LESSONS_OPENED_PERCENT', 30, 0, 100),
    progress: {
      maxRatePercent: int('PROGRESS_MAX_RATE_PERCENT', 200, 100, 400),
      maxCreditSeconds: int('PROGRESS_MAX_CREDIT_SECONDS', 60, 5, 600),
      completePercent: int('LESSON_COMPLETE_PERCENT', 90, 1, 100),
    },
    earningsHoldDays: int('EARNINGS_HOLD_DAYS', 7, 0, 365),
    membershipGraceDays: int('MEMBERSHIP_GRACE_DAYS', 7, 0, 60),
    bundleOwnedItems: oneOf('BUNDLE_OWNED_ITEMS', ['price-out', 'refuse'] as const, 'price-out'),
    membershipRetryDays: days('MEMBERSHIP_RETRY_DAYS', [1, 3]),
    payoutMinimumCents: int('PAYOUT_MINIMUM_CENTS', 10_000, 1, 100_000_000),
    refundStepUpCents: int('REFUND_STEP_UP_CENTS', 50_000, 0, 1_000_000_000),
    creatorCouponCommissionBps: int('CREATOR_COUPON_COMMISSION_BPS', 1000, 0, 10_000),
    httpBodyLimitBytes: int('HTTP_BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    recommendationRebuildEveryMs: int('RECOMMENDATION_REBUILD_EVERY_MS', 3_600_000, 1000, 7 * 86_400_000),
    recommendationEaseMaxWork: int('RECOMMENDATION_EASE_MAX_WORK', 50_000_000_000, 0, 1e15),
    /** Items with more learners are ignored when finding user-kNN neighbours (default = USER_KNN_MAX_ITEM_LEARNERS in #recommendation). */
    recommendationUserKnnMaxItemLearners: int('RECOMMENDATION_USER_KNN_MAX_ITEM_LEARNERS', 1000, 1, 1_000_000_000),
    subscriptionPollMs: int('SUBSCRIPTION_POLL_MS', 200, 10, 60_000),
    subscriptionMaxAttempts: int('SUBSCRIPTION_MAX_ATTEMPTS', 5, 1, 100),
    subscriptionRetryDelayMs: int('SUBSCRIPTION_RETRY_DELAY_MS', 1000, 10, 60_000),
    idleInTransactionTimeoutMs: int('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000, 100, 3_600_000),
    idempotencyLeaseMs: int('IDEMPOTENCY_LEASE_MS', 60_000, 300, 3_600_000),
    logLevel: oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log'),
    redisReconnectMaxMs: int('REDIS_RECONNECT_MAX_MS', 2000, 50, 60_000),
    // Docker and most orchestrators kill after 10 s: stop well before that.
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 7000, 100, 120_000),
    argon2MemoryKib: int('ARGON2_MEMORY_KIB', 19_456, 19_456, 1_048_576),
    argon2TimeCost: int('ARGON2_TIME_COST', 2, 2, 20),
    smtpUrl: env.SMTP_URL ? url('SMTP_URL', '', ['smtp:', 'smtps:']) : null,
    mailFrom: str('MAIL_FROM', 'Zhiku <no-reply@zhiku.localhost>'),
    twilio: twilio(),
    appUrl: url('APP_URL', 'http://localhost:3000', ['http:', 'https:']).replace(/\/+$/, ''),
    login: {
      accountFreeFailures: int('LOGIN_ACCOUNT_FREE_FAILURES', 3, 0, 100),
      accountLockFailures: int('LOGIN_ACCOUNT_LOCK_FAILURES', 10, 1, 1000),
      ipFreeFailures: int('LOGIN_IP_FREE_FAILURES', 20, 0, 10_000),
      ipLockFailures: int('LOGIN_IP_LOCK_FAILURES', 100, 1, 100_000),
      delayBaseMs: int('LOGIN_DELAY_BASE_MS', 1000, 10, 60_000),
      lockSeconds: int('LOGIN_LOCK_SECONDS', 900, 1, 86_400),
      hashQueueLength: int('LOGIN_HASH_QUEUE_LENGTH', 32, 1, 10_000),
    },
    webhooks: {
      deliveryAttempts: int('WEBHOOK_DELIVERY_ATTEMPTS', 8, 1, 25),
      retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      allowPrivateTargets: bool('WEBHOOK_ALLOW_PRIVATE_TARGETS', nodeEnv !== 'production'),
    },
    receiptFont: env.RECEIPT_FONT || null,
    search: searchSettings(),
    analytics: {
      rawRetentionDays: int('ANALYTICS_RAW_RETENTION_DAYS', 90, 1, 3650),
      eventsPerMinutePerUser: int('ANALYTICS_EVENTS_PER_MINUTE_PER_USER', 3000, 1, 10_000_000),
      eventsPerMinutePerIp: int('ANALYTICS_EVENTS_PER_MINUTE_PER_IP', 30_000, 1, 100_000_000),
      nearDuplicateWindowMs: int('ANALYTICS_NEAR_DUPLICATE_WINDOW_MS', 2000, 0, 3_600_000),
      cleansingBatchSize: int('ANALYTICS_CLEANSING_BATCH_SIZE', 5000, 1, 1_000_000),
      cleansingEveryMs: int('ANALYTICS_CLEANSING_EVERY_MS', 10_000, 100, 86_400_000),
      analyticsEveryMs: int('ANALYTICS_REFRESH_EVERY_MS', 300_000, 1000, 7 * 86_400_000),
      ruleMinSupport: fraction('ANALYTICS_RULE_MIN_SUPPORT', 0.01),
      ruleMinConfidence: fraction('ANALYTICS_RULE_MIN_CONFIDENCE', 0.2),
      solverTimeLimitMs: int('PRICING_SOLVER_TIME_LIMIT_MS', 5000, 10, 300_000),
    },
    community: {
      editWindowSeconds: int('COMMUNITY_EDIT_WINDOW_SECONDS', 900, 0, 7 * 86_400),
      postsPerMinute: int('COMMUNITY_POSTS_PER_MINUTE', 10, 1, 10_000),
      reportThreshold: int('COMMUNITY_REPORT_THRESHOLD', 3, 1, 1000),
      sensitiveWordsFile: str('COMMUNITY_SENSITIVE_WORDS_FILE', 'libs/community/word-lists/sensitive-words.txt'),
    },
    consulting: {
      answerWindowMs: hours('CONSULTING_ANSWER_HOURS', 48, 30 * 24),
      answerEditMinutes: int('CONSULTING_ANSWER_EDIT_MINUTES', 15, 0, 7 * 24 * 60),
      sweepEveryMs: int('CONSULTING_SWEEP_EVERY_MS', 300_000, 100, 86_400_000),
    },
    social: {
      messagesPerMinute: int('SOCIAL_MESSAGES_PER_MINUTE', 20, 1, 10_000),
      fanOutBatchSize: int('SOCIAL_FAN_OUT_BATCH_SIZE', 500, 1, 10_000),
    },
    certificateSigningKey: ed25519Seed('CERTIFICATE_SIGNING_KEY', secret('CERTIFICATE_SIGNING_KEY')),
    certificatePreviousSigningKeys: (env.CERTIFICATE_PREVIOUS_SIGNING_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== '')
      .map((key) => ed25519Seed('CERTIFICATE_PREVIOUS_SIGNING_KEYS', key)!),
    media: {
      store: mediaStore,
      dir: str('MEDIA_DIR', 'var/media'),
      s3: mediaS3(),
      uploadUrlTtlSeconds: int('MEDIA_UPLOAD_URL_TTL_SECONDS', 3600, 10, 7 * 86_400),
      playbackUrlTtlSeconds: int('MEDIA_PLAYBACK_URL_TTL_SECONDS', 300, 5, 86_400),
      maxBytes: {
        audio: int('MEDIA_MAX_AUDIO_BYTES', 500 * 1_048_576, 1, 5 * 1024 ** 4),
        video: int('MEDIA_MAX_VIDEO_BYTES', 4 * 1024 ** 3, 1, 5 * 1024 ** 4),
        image: int('MEDIA_MAX_IMAGE_BYTES', 20 * 1_048_576, 1, 5 * 1024 ** 4),
        attachment: int('MEDIA_MAX_ATTACHMENT_BYTES', 200 * 1_048_576, 1, 5 * 1024 ** 4),
      },
    },
    oidcProviders: oidcProviders(),
    oidcCallbackBaseUrl: url('OIDC_CALLBACK_BASE_URL', `http://localhost:${env.PORT || 3000}`, ['http:', 'https:']).replace(/\/+$/, ''),    recommendationMaxPerCreator: int('RECOMMENDATION_MAX_PER_CREATOR', 3, 1, 50),
  };
  const configured = { sandbox: true, stripe: config.stripe !== null, alipay: config.alipay !== null, wechatpay: config.wechatpay !== null };
  if (!configured[config.paymentProvider]) {
    errors.push(`PAYMENT_PROVIDER=${config.paymentProvider} needs that provider's credentials (see the README's configuration table)`);
  }
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${errors.join('\n  - ')}`);
  }
  return config;
}

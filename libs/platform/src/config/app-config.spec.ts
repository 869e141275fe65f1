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

  it('takes the answer window of paid questions in hours, fractions allowed, and refuses anything else', () => {
    expect(loadConfig({}).consulting).toEqual({ answerWindowMs: 48 * 3_600_000, answerEditMinutes: 15, sweepEveryMs: 300_000 });
    expect(loadConfig({ CONSULTING_ANSWER_HOURS: '0.001' }).consulting.answerWindowMs).toBe(3600);
    expect(loadConfig({ CONSULTING_ANSWER_HOURS: '720' }).consulting.answerWindowMs).toBe(720 * 3_600_000);
    for (const raw of ['0', '-1', '1e3', 'abc', '721', '1.']) {
      expect(() => loadConfig({ CONSULTING_ANSWER_HOURS: raw })).toThrow(`CONSULTING_ANSWER_HOURS must be a number of hours above 0 and at most 720 (got "${raw}")`);
    }
  });

  it('keeps media on local disk by default, and on S3 only with a bucket and credentials in pairs', () => {
    expect(loadConfig({}).media).toEqual({
      store: 'local',
      dir: 'var/media',
      s3: null,
      uploadUrlTtlSeconds: 3600,
      playbackUrlTtlSeconds: 300,
      maxBytes: { audio: 500 * 1_048_576, video: 4 * 1024 ** 3, image: 20 * 1_048_576, attachment: 200 * 1_048_576 },
    });
    const s3 = { MEDIA_STORE: 's3', MEDIA_S3_BUCKET: 'media', MEDIA_S3_ENDPOINT: 'http://127.0.0.1:9000', MEDIA_S3_FORCE_PATH_STYLE: 'true' };
    expect(loadConfig(s3).media.s3).toEqual({ bucket: 'media', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, credentials: null, delivery: 'stream', redirectUrlTtlSeconds: 30 });
    expect(loadConfig({ ...s3, MEDIA_S3_DELIVERY: 'redirect' }).media.s3?.delivery).toBe('redirect');
    expect(() => loadConfig({ ...s3, MEDIA_S3_DELIVERY: 'proxy' })).toThrow(/MEDIA_S3_DELIVERY must be one of stream, redirect/);
    expect(loadConfig({ ...s3, MEDIA_S3_ACCESS_KEY_ID: 'id', MEDIA_S3_SECRET_ACCESS_KEY: 'secret' }).media.s3?.credentials).toEqual({ accessKeyId: 'id', secretAccessKey: 'secret' });
    const load = () =>
      loadConfig({ MEDIA_STORE: 's3', MEDIA_S3_ENDPOINT: 'ftp://x', MEDIA_S3_ACCESS_KEY_ID: 'id', MEDIA_PLAYBACK_URL_TTL_SECONDS: '0', MEDIA_MAX_VIDEO_BYTES: '-1' });
    expect(load).toThrow(/MEDIA_S3_BUCKET is required when MEDIA_STORE=s3/);
    expect(load).toThrow(/MEDIA_S3_ENDPOINT must be a http: or https: URL/);
    expect(load).toThrow(/MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY must be set together/);
    expect(load).toThrow(/MEDIA_PLAYBACK_URL_TTL_SECONDS must be an integer from 5 to 86400/);
    expect(load).toThrow(/MEDIA_MAX_VIDEO_BYTES must be an integer from 1/);
    expect(() => loadConfig({ ...s3, MEDIA_S3_REDIRECT_TTL_SECONDS: '3600' })).toThrow(/MEDIA_S3_REDIRECT_TTL_SECONDS must be an integer from 1 to 600/);
    expect(() => loadConfig({ MEDIA_STORE: 'ftp' })).toThrow(/MEDIA_STORE must be one of local, s3/);
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
    expect(() => loadConfig({ ...secrets, AUDIT_SIGNING_KEY: auditSigningKey })).toThrow(/CERTIFICATE_SIGNING_KEY is required when NODE_ENV=production/);
    expect(() => loadConfig({ ...secrets, AUDIT_SIGNING_KEY: auditSigningKey, CERTIFICATE_SIGNING_KEY: 'c'.repeat(32) })).toThrow(
      /CERTIFICATE_SIGNING_KEY must be 32 random bytes in base64/,
    );
    const certificateSigningKey = Buffer.alloc(32, 8).toString('base64');
    expect(() =>
      loadConfig({ ...secrets, AUDIT_SIGNING_KEY: auditSigningKey, CERTIFICATE_SIGNING_KEY: certificateSigningKey, CERTIFICATE_PREVIOUS_SIGNING_KEYS: 'short' }),
    ).toThrow(/CERTIFICATE_PREVIOUS_SIGNING_KEYS must be 32 random bytes in base64/);
    const previous = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({
      ...secrets,
      AUDIT_SIGNING_KEY: auditSigningKey,
      CERTIFICATE_SIGNING_KEY: certificateSigningKey,
      CERTIFICATE_PREVIOUS_SIGNING_KEYS: ` ${previous} ,`,
    });
    expect(config.auditSigningKey).toBe(auditSigningKey);
    expect(config.certificateSigningKey).toBe(certificateSigningKey);
    expect(config.certificatePreviousSigningKeys).toEqual([previous]);
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

  it('searches on PostgreSQL by default, and on OpenSearch only with a cluster URL and a valid index name', () => {
    const limits = { suggestionsPerMinutePerUser: 120, suggestionsPerMinutePerIp: 1200, maxCandidates: 1000 };
    expect(loadConfig({}).search).toEqual({ backend: 'postgres', opensearchUrl: null, opensearchIndex: 'zhiku-contents', ...limits });
    expect(loadConfig({ SEARCH_BACKEND: 'opensearch', OPENSEARCH_URL: 'https://search.internal:9200' }).search).toEqual({
      backend: 'opensearch',
      opensearchUrl: 'https://search.internal:9200',
      opensearchIndex: 'zhiku-contents',
      ...limits,
    });
    expect(loadConfig({ SEARCH_SUGGESTIONS_PER_MINUTE_PER_USER: '5', SEARCH_SUGGESTIONS_PER_MINUTE_PER_IP: '50', SEARCH_MAX_CANDIDATES: '200' }).search).toMatchObject({
      suggestionsPerMinutePerUser: 5,
      suggestionsPerMinutePerIp: 50,
      maxCandidates: 200,
    });
    expect(() => loadConfig({ SEARCH_MAX_CANDIDATES: '0' })).toThrow(/SEARCH_MAX_CANDIDATES/);
    expect(() => loadConfig({ SEARCH_BACKEND: 'opensearch' })).toThrow(/SEARCH_BACKEND=opensearch needs OPENSEARCH_URL/);
    expect(() => loadConfig({ SEARCH_BACKEND: 'elastic' })).toThrow(/SEARCH_BACKEND must be one of postgres, opensearch/);
    expect(() => loadConfig({ OPENSEARCH_URL: 'ftp://x' })).toThrow(/OPENSEARCH_URL must be a http: or https: URL/);
    expect(() => loadConfig({ OPENSEARCH_INDEX: 'Bad Index' })).toThrow(/OPENSEARCH_INDEX must be a lower-case index name/);
  });

  it('pays WeChat Pay creators by transfer bills unless told batches, with a scene and its report items, and names a bad one', () => {
    const wechat = {
      WECHATPAY_MCH_ID: '1900000109',
      WECHATPAY_APP_ID: 'wxd678efh567hg6787',
      WECHATPAY_API_V3_KEY: 'a'.repeat(32),
      WECHATPAY_PRIVATE_KEY: 'k',
      WECHATPAY_CERT_SERIAL: 's',
      WECHATPAY_PUBLIC_KEY: 'p',
      WECHATPAY_NOTIFY_URL: 'https://zhiku.example/api/v1/webhooks/payments/wechatpay',
    };
    expect(loadConfig(wechat).wechatpay).toMatchObject({
      transferApi: 'bills',
      transferSceneId: '1005',
      transferRecvPerception: null,
      transferSceneReport: [
        { infoType: '岗位类型', infoContent: '知识创作者' },
        { infoType: '报酬说明', infoContent: '知库创作收益' },
      ],
    });
    expect(
      loadConfig({ ...wechat, WECHATPAY_TRANSFER_API: 'batches', WECHATPAY_TRANSFER_SCENE_ID: '1000', WECHATPAY_TRANSFER_SCENE_REPORT: '活动名称=新会员有礼;奖励说明=注册=送', WECHATPAY_TRANSFER_RECV_PERCEPTION: '现金奖励' }).wechatpay,
    ).toMatchObject({
      transferApi: 'batches',
      transferSceneId: '1000',
      transferRecvPerception: '现金奖励',
      transferSceneReport: [
        { infoType: '活动名称', infoContent: '新会员有礼' },
        { infoType: '奖励说明', infoContent: '注册=送' },
      ],
    });
    expect(() => loadConfig({ ...wechat, WECHATPAY_TRANSFER_API: 'payouts' })).toThrow(/WECHATPAY_TRANSFER_API must be one of bills, batches/);
    expect(() => loadConfig({ ...wechat, WECHATPAY_TRANSFER_SCENE_ID: '10 05' })).toThrow(/WECHATPAY_TRANSFER_SCENE_ID must be the digits/);
    expect(() => loadConfig({ ...wechat, WECHATPAY_TRANSFER_SCENE_REPORT: '岗位类型' })).toThrow(/WECHATPAY_TRANSFER_SCENE_REPORT must be info_type=info_content pairs/);
  });
});

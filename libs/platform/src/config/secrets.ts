import { Global, Logger, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './app-config.js';
import { APP_CONFIG } from './config.module.js';

/** The secrets the processes sign and verify with, whichever way they were provided. */
export interface PlatformSecrets {
  readonly jwtSecret: string;
  readonly sandboxWebhookSecret: string;
  readonly dataEncryptionKey: string;
  /** The 32-byte seed of the Ed25519 key that signs audit checkpoints, base64url. */
  readonly auditSigningKey: string;
  /** The 32-byte seed of the Ed25519 key that signs course certificates, base64url. */
  readonly certificateSigningKey: string;
}

export const PLATFORM_SECRETS = Symbol('PLATFORM_SECRETS');

/** Where each generated secret is kept (platform_secrets.name), and the variable that overrides it. */
export const GENERATED_SECRETS = {
  jwtSecret: { name: 'jwt', variable: 'JWT_SECRET' },
  sandboxWebhookSecret: { name: 'sandbox-webhook', variable: 'SANDBOX_WEBHOOK_SECRET' },
  dataEncryptionKey: { name: 'data-encryption', variable: 'DATA_ENCRYPTION_KEY' },
  auditSigningKey: { name: 'audit-signing', variable: 'AUDIT_SIGNING_KEY' },
  certificateSigningKey: { name: 'certificate-signing', variable: 'CERTIFICATE_SIGNING_KEY' },
} as const;

/**
 * A secret the environment sets wins. Otherwise (development and tests only: production refuses to
 * start without them) one is generated at first start and kept in the database, shared by the api,
 * the worker and every restart — never a value published in the repository.
 */
export async function resolveSecrets(config: AppConfig, dataSource: DataSource): Promise<PlatformSecrets> {
  const logger = new Logger('Secrets');
  const resolve = async (key: keyof typeof GENERATED_SECRETS): Promise<string> => {
    const configured = config[key];
    if (configured) return configured;
    const { name, variable } = GENERATED_SECRETS[key];
    await dataSource.query(`INSERT INTO platform_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      name,
      randomBytes(32).toString('base64url'),
    ]);
    const [row]: { value: string }[] = await dataSource.query(`SELECT value FROM platform_secrets WHERE name = $1`, [name]);
    logger.log(`${variable} is not set: using the secret generated for this database (platform_secrets '${name}')`);
    return row!.value;
  };
  return {
    jwtSecret: await resolve('jwtSecret'),
    sandboxWebhookSecret: await resolve('sandboxWebhookSecret'),
    dataEncryptionKey: await resolve('dataEncryptionKey'),
    auditSigningKey: await resolve('auditSigningKey'),
    certificateSigningKey: await resolve('certificateSigningKey'),
  };
}

@Global()
@Module({
  providers: [
    {
      provide: PLATFORM_SECRETS,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: resolveSecrets,
    },
  ],
  exports: [PLATFORM_SECRETS],
})
export class SecretsModule {}

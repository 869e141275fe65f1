import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type Ed25519Key, ed25519KeyFromSeed, PLATFORM_SECRETS, type PlatformSecrets, signStatement, statementIsSigned } from '#platform';
import type { CertificateStatement } from '../domain/certificate.js';

/**
 * The key certificates are signed with (CERTIFICATE_SIGNING_KEY, or generated per database), and
 * the former keys (CERTIFICATE_PREVIOUS_SIGNING_KEYS) that still vouch for what they signed.
 */
@Injectable()
export class CertificateSigner {
  private readonly current: Ed25519Key;
  private readonly trusted: ReadonlyMap<string, Ed25519Key>;

  constructor(@Inject(PLATFORM_SECRETS) secrets: PlatformSecrets, @Inject(APP_CONFIG) config: AppConfig) {
    this.current = ed25519KeyFromSeed(secrets.certificateSigningKey);
    const keys = [this.current, ...config.certificatePreviousSigningKeys.map(ed25519KeyFromSeed)];
    this.trusted = new Map(keys.map((key) => [key.keyId, key]));
  }

  get keyId(): string {
    return this.current.keyId;
  }

  sign(statement: CertificateStatement): string {
    return signStatement(this.current.privateKey, statement);
  }

  /** Whether a trusted key, the one the statement names, signed exactly this statement. */
  verifies(statement: CertificateStatement, signature: string): boolean {
    const key = this.trusted.get(statement.keyId);
    return key !== undefined && statementIsSigned(key.publicKey, statement, signature);
  }

  /** The public keys that verify certificates (PEM), by key id. */
  publicKeys(): { keyId: string; publicKeyPem: string }[] {
    return [...this.trusted.values()].map((key) => ({ keyId: key.keyId, publicKeyPem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString() }));
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import {
  APP_CONFIG,
  type AppConfig,
  type Ed25519Key,
  ed25519KeyFromSeed,
  ed25519KeyIdOf,
  ed25519PublicKeyFromBase64,
  PLATFORM_SECRETS,
  type PlatformSecrets,
  signStatement,
  statementIsSigned,
} from '#platform';
import type { CheckpointStatement } from './checkpoint-signature.js';

/** How a checkpoint's signature checks out against the key ring. */
export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

/**
 * The Ed25519 key of this deployment's audit checkpoints (AUDIT_SIGNING_KEY, or generated per
 * database), and the public keys of the keys it replaced (AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS): a key
 * ring by key id, so a checkpoint signed before a rotation still verifies by the key it names.
 */
@Injectable()
export class AuditSigner {
  private readonly key: Ed25519Key;
  private readonly ring = new Map<string, KeyObject>();

  constructor(@Inject(PLATFORM_SECRETS) secrets: PlatformSecrets, @Inject(APP_CONFIG) config: AppConfig) {
    this.key = ed25519KeyFromSeed(secrets.auditSigningKey);
    for (const encoded of config.auditSigningPreviousPublicKeys) {
      const publicKey = ed25519PublicKeyFromBase64(encoded);
      this.ring.set(ed25519KeyIdOf(publicKey), publicKey);
    }
    this.ring.set(this.key.keyId, this.key.publicKey);
  }

  get keyId(): string {
    return this.key.keyId;
  }

  get publicKeyPem(): string {
    return pem(this.key.publicKey);
  }

  /** The former keys still trusted, by id. */
  get previousKeys(): { keyId: string; publicKeyPem: string }[] {
    return [...this.ring].filter(([keyId]) => keyId !== this.key.keyId).map(([keyId, publicKey]) => ({ keyId, publicKeyPem: pem(publicKey) }));
  }

  sign(statement: CheckpointStatement): string {
    return signStatement(this.key.privateKey, statement);
  }

  /** Checks the signature with the key the checkpoint names; a key id outside the ring is named as such. */
  check(keyId: string, statement: CheckpointStatement, signature: string): SignatureCheck {
    const publicKey = this.ring.get(keyId);
    if (!publicKey) return 'unknown-key';
    return statementIsSigned(publicKey, statement, signature) ? 'valid' : 'invalid';
  }
}

const pem = (publicKey: KeyObject): string => publicKey.export({ format: 'pem', type: 'spki' }).toString();

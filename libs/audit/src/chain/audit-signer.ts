import { Inject, Injectable } from '@nestjs/common';
import { type Ed25519Key, ed25519KeyFromSeed, PLATFORM_SECRETS, type PlatformSecrets, signStatement, statementIsSigned } from '#platform';
import type { CheckpointStatement } from './checkpoint-signature.js';

/** The Ed25519 key of this deployment's audit checkpoints (AUDIT_SIGNING_KEY, or generated per database). */
@Injectable()
export class AuditSigner {
  private readonly key: Ed25519Key;

  constructor(@Inject(PLATFORM_SECRETS) secrets: PlatformSecrets) {
    this.key = ed25519KeyFromSeed(secrets.auditSigningKey);
  }

  get keyId(): string {
    return this.key.keyId;
  }

  get publicKeyPem(): string {
    return this.key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  sign(statement: CheckpointStatement): string {
    return signStatement(this.key.privateKey, statement);
  }

  /** Whether this key signed the statement; a checkpoint of another key id is not ours to vouch for. */
  verifies(keyId: string, statement: CheckpointStatement, signature: string): boolean {
    return keyId === this.key.keyId && statementIsSigned(this.key.publicKey, statement, signature);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_SECRETS, type PlatformSecrets } from '#platform';
import { type CheckpointKey, checkpointKeyFromSeed, type CheckpointStatement, signStatement, statementIsSigned } from './checkpoint-signature.js';

/** The Ed25519 key of this deployment's audit checkpoints (AUDIT_SIGNING_KEY, or generated per database). */
@Injectable()
export class AuditSigner {
  private readonly key: CheckpointKey;

  constructor(@Inject(PLATFORM_SECRETS) secrets: PlatformSecrets) {
    this.key = checkpointKeyFromSeed(secrets.auditSigningKey);
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

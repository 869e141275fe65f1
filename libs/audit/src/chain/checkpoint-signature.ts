import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { ED25519_SPKI_PREFIX } from '#platform';
import { canonicalJson } from '#platform/domain';

/**
 * What a checkpoint signs: the chain had `chainLength` entries, the newest at `headSeq` with hash
 * `headHash`, at `signedAt`. Anyone holding the public key can check an exported log against it:
 * the signature is Ed25519 over the canonical JSON of this object (keys sorted, no spaces).
 */
export interface CheckpointStatement {
  readonly chainLength: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly signedAt: string;
}

export interface CheckpointKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** PKCS#8 DER header of an Ed25519 private key; its 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A short digest of a public key: what a checkpoint names its key by. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** An Ed25519 public key from base64 of its 32 bytes or of its SubjectPublicKeyInfo DER (a PEM's body). */
export function publicKeyFromBase64(value: string): KeyObject {
  const bytes = Buffer.from(value, 'base64url');
  const der = bytes.length === 32 ? Buffer.concat([ED25519_SPKI_PREFIX, bytes]) : bytes;
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

/** The key pair of a 32-byte seed (base64 or base64url); its id is a short digest of the public key. */
export function checkpointKeyFromSeed(seed: string): CheckpointKey {
  const bytes = Buffer.from(seed, 'base64url');
  if (bytes.length !== 32) throw new Error('an Ed25519 seed has 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, bytes]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

/** The statement's Ed25519 signature, base64url. */
export function signStatement(privateKey: KeyObject, statement: CheckpointStatement): string {
  return sign(null, Buffer.from(canonicalJson(statement)), privateKey).toString('base64url');
}

export function statementIsSigned(publicKey: KeyObject, statement: CheckpointStatement, signature: string): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson(statement)), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

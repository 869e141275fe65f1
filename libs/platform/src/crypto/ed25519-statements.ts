import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { ED25519_SPKI_PREFIX } from '../config/app-config.js';
import { canonicalJson } from '../domain/canonical-json.js';

/** An Ed25519 key pair made from a configured seed, and the short id a signed statement names it by. */
export interface Ed25519Key {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** PKCS#8 DER header of an Ed25519 private key; its 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The key pair of a 32-byte seed (base64 or base64url); its id is a short digest of the public key. */
export function ed25519KeyFromSeed(seed: string): Ed25519Key {
  const bytes = Buffer.from(seed, 'base64url');
  if (bytes.length !== 32) throw new Error('an Ed25519 seed has 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, bytes]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  return { keyId: ed25519KeyIdOf(publicKey), privateKey, publicKey };
}

/** A short digest of a public key: what a signed statement names its key by. */
export function ed25519KeyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** An Ed25519 public key from base64 of its 32 bytes or of its SubjectPublicKeyInfo DER (a PEM's body). */
export function ed25519PublicKeyFromBase64(value: string): KeyObject {
  const bytes = Buffer.from(value, 'base64url');
  const der = bytes.length === 32 ? Buffer.concat([ED25519_SPKI_PREFIX, bytes]) : bytes;
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

/**
 * A statement's Ed25519 signature, base64url, over its canonical JSON (keys sorted, no spaces):
 * anyone holding the public key can check a copy with any Ed25519 implementation.
 */
export function signStatement(privateKey: KeyObject, statement: object): string {
  return sign(null, Buffer.from(canonicalJson(statement)), privateKey).toString('base64url');
}

/** Whether `signature` is this key's signature of the statement; a malformed signature is simply not. */
export function statementIsSigned(publicKey: KeyObject, statement: object, signature: string): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson(statement)), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

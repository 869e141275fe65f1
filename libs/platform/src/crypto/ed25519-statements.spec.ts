import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '#platform/domain';
import { ed25519KeyFromSeed, signStatement, statementIsSigned } from './ed25519-statements.js';

const seed = Buffer.alloc(32, 9).toString('base64url');
const statement = { chainLength: 3, headSeq: 3, headHash: 'a'.repeat(64), signedAt: '2026-11-28T10:00:00.000Z' };

describe('signed statements (Ed25519 over the canonical JSON: audit checkpoints, certificates)', () => {
  it('derives one key pair and id from a seed, in base64 or base64url', () => {
    const key = ed25519KeyFromSeed(seed);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(ed25519KeyFromSeed(Buffer.alloc(32, 9).toString('base64')).keyId).toBe(key.keyId);
    expect(ed25519KeyFromSeed(Buffer.alloc(32, 8).toString('base64url')).keyId).not.toBe(key.keyId);
    expect(key.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(() => ed25519KeyFromSeed('c2hvcnQ')).toThrow(/32 bytes/);
  });

  it('signs what any Ed25519 implementation verifies with the published key, and nothing else', () => {
    const key = ed25519KeyFromSeed(seed);
    const signature = signStatement(key.privateKey, statement);
    const pem = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(verify(null, Buffer.from(canonicalJson(statement)), pem, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(statementIsSigned(key.publicKey, statement, signature)).toBe(true);
    for (const changed of [{ chainLength: 2 }, { headSeq: 4 }, { headHash: 'b'.repeat(64) }, { signedAt: '2026-11-28T10:00:01.000Z' }]) {
      expect(statementIsSigned(key.publicKey, { ...statement, ...changed }, signature)).toBe(false);
    }
    expect(statementIsSigned(generateKeyPairSync('ed25519').publicKey, statement, signature)).toBe(false);
    expect(statementIsSigned(key.publicKey, statement, 'not a signature')).toBe(false);
  });
});

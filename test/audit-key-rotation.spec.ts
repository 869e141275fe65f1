import { createHash, createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '#platform/domain';
import { eventually, TestApp } from './support/test-app.js';

/** An Ed25519 key pair from a 32-byte seed, as AUDIT_SIGNING_KEY holds one; the public key as the base64 body of its PEM. */
function keyPair(seed: Buffer) {
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { seed: seed.toString('base64'), privateKey, spkiBase64: spki.toString('base64'), rawBase64: spki.subarray(12).toString('base64'), keyId: createHash('sha256').update(spki).digest('hex').slice(0, 16) };
}

describe('audit checkpoints after a rotation of the signing key', () => {
  const old = keyPair(randomBytes(32));
  const older = keyPair(randomBytes(32));
  const current = keyPair(randomBytes(32));
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    // Rotated: the new key signs; the two keys before it are kept as public keys only (one as its PEM body, one as its raw 32 bytes).
    app = await TestApp.start({
      worker: true,
      env: { AUDIT_SIGNING_KEY: current.seed, AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS: `${old.spkiBase64}, ${older.rawBase64}` },
    });
    admin = await app.adminToken();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  const verify = async () => (await app.request('GET', '/api/v1/admin/audit/verify', { token: admin })).body;

  it('verifies checkpoints signed by the key before the rotation and after it, each by its key id, and names an unknown key', async () => {
    const published = (await app.request('GET', '/api/v1/audit/public-key')).body;
    expect(published.keyId).toBe(current.keyId);
    expect(published.previousKeys.map((key: { keyId: string }) => key.keyId).sort()).toEqual([old.keyId, older.keyId].sort());
    expect(published.previousKeys.find((key: { keyId: string }) => key.keyId === old.keyId).publicKeyPem).toContain(old.spkiBase64.slice(0, 40));

    // The chain as the old deployment signed it, before the rotation: the same head, the old key.
    await eventually(async () => (await verify()).valid === true || undefined, 15_000, 'the trail caught up');
    const signedNow = await app.request('POST', '/api/v1/admin/audit/checkpoints', { token: admin });
    expect(signedNow.status).toBe(201);
    expect(signedNow.body.keyId).toBe(current.keyId);
    const { chainLength, headSeq, headHash } = signedNow.body;
    const insert = (signedAt: string, keyId: string, privateKey: ReturnType<typeof keyPair>['privateKey']) =>
      app.sql(`INSERT INTO audit_checkpoints (chain_length, head_seq, head_hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)`, [
        chainLength,
        headSeq,
        headHash,
        signedAt,
        keyId,
        sign(null, Buffer.from(canonicalJson({ chainLength, headSeq, headHash, signedAt })), privateKey).toString('base64url'),
      ]);
    await insert('2026-01-01T00:00:00.000Z', old.keyId, old.privateKey);
    await insert('2025-06-01T00:00:00.000Z', older.keyId, older.privateKey);
    const afterRotation = await verify();
    expect(afterRotation).toMatchObject({ valid: true, problems: [] });
    expect(afterRotation.checkpointsChecked).toBeGreaterThanOrEqual(3);

    // A checkpoint naming a key nobody trusts, and one naming the old key but signed by another.
    const stranger = keyPair(randomBytes(32));
    await insert('2026-02-01T00:00:00.000Z', stranger.keyId, stranger.privateKey);
    await insert('2026-03-01T00:00:00.000Z', old.keyId, stranger.privateKey);
    const tampered = await verify();
    expect(tampered.valid).toBe(false);
    expect(tampered.problems).toEqual([
      {
        kind: 'unknown-key',
        seq: headSeq,
        globalPosition: null,
        detail: `the checkpoint of 2026-02-01T00:00:00.000Z names key ${stranger.keyId}, which is neither the current key nor one of AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS`,
      },
      { kind: 'bad-signature', seq: headSeq, globalPosition: null, detail: `the checkpoint of 2026-03-01T00:00:00.000Z is not signed by key ${old.keyId}` },
    ]);
  });
});

import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { ACTOR_PERSONAL_DATA, ERASED, openPersonalData, type PersonalDataVault, requesterPersonalData, SEALED_PREFIX, sealPersonalData, withoutSealedValues } from './personal-data.js';

/** A vault that "seals" by naming the key (visible in tests); a destroyed key opens nothing. */
class KeysInMemory implements PersonalDataVault {
  private readonly keys = new Set<string>();

  seal(subjectId: string, values: readonly string[]): Promise<string[]> {
    this.keys.add(subjectId);
    return Promise.resolve(values.map((value) => `${subjectId}(${value})`));
  }

  open(subjectId: string, sealed: readonly string[]): Promise<(string | null)[]> {
    const prefix = `${subjectId}(`;
    return Promise.resolve(sealed.map((value) => (this.keys.has(subjectId) && value.startsWith(prefix) ? value.slice(prefix.length, -1) : null)));
  }

  destroy(subjectId: string): void {
    this.keys.delete(subjectId);
  }
}

const manager = {} as EntityManager;
const metadata = (actorId: string | null, extra: Record<string, unknown> = {}) => ({
  actorId,
  requestId: 'req-1',
  correlationId: 'req-1',
  causationId: null,
  clientIp: '203.0.113.7',
  userAgent: 'Browser/1.0',
  ...extra,
});

describe("the actor's address and User-Agent in event metadata (ACTOR_PERSONAL_DATA)", () => {
  it('are sealed with the actor\'s key, and nothing else in the metadata is', async () => {
    const sealed = await sealPersonalData(metadata('u1'), ACTOR_PERSONAL_DATA, new KeysInMemory(), manager);
    expect(sealed).toEqual({ ...metadata('u1'), clientIp: 'sealed:v1:u1(203.0.113.7)', userAgent: 'sealed:v1:u1(Browser/1.0)' });
  });

  it('stay as they are without an actor: there is nobody whose key could seal them', async () => {
    expect(await sealPersonalData(metadata(null), ACTOR_PERSONAL_DATA, new KeysInMemory(), manager)).toEqual(metadata(null));
  });

  it('seal only what a request carried: no address, no User-Agent stays so', async () => {
    const { userAgent: _none, ...withoutAgent } = metadata('u1', { clientIp: null });
    expect(await sealPersonalData(withoutAgent, ACTOR_PERSONAL_DATA, new KeysInMemory(), manager)).toEqual(withoutAgent);
  });

  it('open while the key lives, read as erased once it is destroyed, and leave values of older events stored in clear', async () => {
    const vault = new KeysInMemory();
    const sealed = await sealPersonalData(metadata('u1'), ACTOR_PERSONAL_DATA, vault, manager);
    expect(await openPersonalData(sealed, ACTOR_PERSONAL_DATA, vault, manager)).toEqual(metadata('u1'));
    vault.destroy('u1');
    expect(await openPersonalData(sealed, ACTOR_PERSONAL_DATA, vault, manager)).toEqual({ ...metadata('u1'), clientIp: ERASED, userAgent: ERASED });
    expect(await openPersonalData(metadata('u1'), ACTOR_PERSONAL_DATA, vault, manager)).toEqual(metadata('u1'));
  });

  it("open with the actor's key only: a value sealed for someone else does not open", async () => {
    const vault = new KeysInMemory();
    const sealed = await sealPersonalData(metadata('u1'), ACTOR_PERSONAL_DATA, vault, manager);
    await vault.seal('u2', []);
    expect(await openPersonalData({ ...sealed, actorId: 'u2' }, ACTOR_PERSONAL_DATA, vault, manager)).toMatchObject({ clientIp: ERASED, userAgent: ERASED });
  });
});

describe('whose key seals a request\'s address (requesterPersonalData)', () => {
  it("is the actor's when someone is signed in, even with a person named", async () => {
    const sealed = await sealPersonalData(metadata('u1', { personId: 'p1' }), requesterPersonalData({ actorId: 'u1', personId: 'p1' }), new KeysInMemory(), manager);
    expect(sealed).toMatchObject({ clientIp: 'sealed:v1:u1(203.0.113.7)', userAgent: 'sealed:v1:u1(Browser/1.0)' });
  });

  it("is the person's the request was about when no one is signed in (a sign-up, a reset), and opens with it", async () => {
    const vault = new KeysInMemory();
    const signUp = metadata(null, { personId: 'p1' });
    const sealed = await sealPersonalData(signUp, requesterPersonalData(signUp), vault, manager);
    expect(sealed).toMatchObject({ clientIp: 'sealed:v1:p1(203.0.113.7)', userAgent: 'sealed:v1:p1(Browser/1.0)' });
    expect(await openPersonalData(sealed, requesterPersonalData(signUp), vault, manager)).toEqual(signUp);
    vault.destroy('p1');
    expect(await openPersonalData(sealed, requesterPersonalData(signUp), vault, manager)).toMatchObject({ clientIp: ERASED, userAgent: ERASED });
  });

  it('is nobody\'s without actor or person: the address stays in clear', async () => {
    expect(await sealPersonalData(metadata(null), requesterPersonalData({ actorId: null }), new KeysInMemory(), manager)).toEqual(metadata(null));
  });
});

describe('withoutSealedValues', () => {
  it('leaves out sealed members at any depth and keeps everything else as it is', () => {
    const data = {
      refundId: 'r1',
      reason: `${SEALED_PREFIX}abc`,
      amountCents: 1234,
      items: [{ contentId: 'c1' }],
      nested: { note: `${SEALED_PREFIX}xyz`, kept: 'sealed later' },
      none: null,
    };
    expect(withoutSealedValues(data)).toEqual({ refundId: 'r1', amountCents: 1234, items: [{ contentId: 'c1' }], nested: { kept: 'sealed later' }, none: null });
  });
});

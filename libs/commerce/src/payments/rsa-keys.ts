import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * A key as providers' consoles hand them out: PEM (newlines possibly written as `\n` in the
 * environment), or the bare base64 of its DER (SPKI public keys; PKCS#8 or PKCS#1 private keys).
 * A key that is neither stops the process at start, naming the variable.
 */
export function readKey(kind: 'public' | 'private', text: string, variable: string): KeyObject {
  const pem = text.replace(/\\n/g, '\n').trim();
  const attempts: (() => KeyObject)[] = pem.includes('-----BEGIN')
    ? [() => (kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem))]
    : kind === 'public'
      ? [() => createPublicKey({ key: Buffer.from(pem, 'base64'), format: 'der', type: 'spki' })]
      : (['pkcs8', 'pkcs1'] as const).map((type) => () => createPrivateKey({ key: Buffer.from(pem, 'base64'), format: 'der', type }));
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // the next form, if any
    }
  }
  throw new Error(`${variable} is not a usable ${kind} key (PEM, or the base64 of its DER)`);
}

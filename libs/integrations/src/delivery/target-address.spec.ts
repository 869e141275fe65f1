import { describe, expect, it } from 'vitest';
import { hostRefusal, isPublicAddress, publicOnlyLookup } from './target-address.js';

describe('webhook target addresses (SSRF)', () => {
  it('tells public addresses from loopback, private, link-local and reserved ones', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1']) expect(isPublicAddress(address), address).toBe(true);
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '224.0.0.1', 'not-an-ip']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
  it('refuses hosts written as this machine or a non-public address', () => {
    expect(hostRefusal(new URL('http://localhost:3000/x'))).toBe('the host is this machine');
    expect(hostRefusal(new URL('http://a.b.localhost/x'))).toBe('the host is this machine');
    expect(hostRefusal(new URL('http://[::1]/x'))).toBe('the address is not a public one');
    expect(hostRefusal(new URL('http://10.0.0.1/x'))).toBe('the address is not a public one');
    expect(hostRefusal(new URL('https://hooks.example.com/x'))).toBeNull();
    expect(hostRefusal(new URL('https://8.8.8.8/x'))).toBeNull();
  });
  it('fails a lookup that resolves to a non-public address', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup('localhost', {}, (e) => resolve(e)));
    expect(error?.code).toBe('ENOTPUBLIC');
    expect(error?.message).toMatch(/^localhost resolves to .* which is not a public address$/);
  });
});

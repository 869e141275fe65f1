import { constants, createCipheriv, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alipaySignContent } from './alipay.provider.js';
import { yuanToFen } from './bill-files.js';
import { readKey } from './rsa-keys.js';
import { decryptResource, deviceInfo, encryptSensitiveField, payoutIdOfTransfer, wechatPayMessage } from './wechatpay.provider.js';

describe("providers' formats", () => {
  it("reads Alipay's yuan amounts as fen, exactly, and refuses anything else", () => {
    expect(['0.01', '0.5', '1', '1.05', '88.80', '1234567890.99'].map(yuanToFen)).toEqual([1, 50, 100, 105, 8880, 123_456_789_099]);
    expect(['', '1.001', '-1', '1e3', '0x10', ' 1', '1.', undefined].map(yuanToFen)).toEqual(Array(8).fill(undefined));
  });

  it('builds the text Alipay signs: sorted, without sign, sign_type and empty values, values as they are', () => {
    expect(alipaySignContent({ sign: 'x', b: '2', sign_type: 'RSA2', a: '1 & 2', c: '', subject: '知库' })).toBe('a=1 & 2&b=2&subject=知库');
  });

  it("reads a WeChat Pay transfer's number back as the payout it pays, and no other number", () => {
    expect(payoutIdOfTransfer('0F8FAD5BD9CB469FA16570867728950E')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(['plfk2020042013', '0f8fad5bd9cb469fa16570867728950', '0f8fad5b-d9cb-469f-a165-70867728950e', 'g'.repeat(32), 42, undefined].map(payoutIdOfTransfer)).toEqual(Array(6).fill(null));
  });

  it("builds the text WeChat Pay signs and opens a resource sealed with the APIv3 key, and nothing altered", () => {
    expect(wechatPayMessage('1700000000', 'n0nce', '{"a":1}')).toBe('1700000000\nn0nce\n{"a":1}\n');
    const key = 'abcdefghijklmnopqrstuvwxyz012345';
    const seal = (text: string, associated = 'transaction') => {
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from('0123456789ab'));
      cipher.setAAD(Buffer.from(associated));
      return Buffer.concat([cipher.update(text), cipher.final(), cipher.getAuthTag()]).toString('base64');
    };
    const resource = { ciphertext: seal('{"out_trade_no":"pay_1"}'), nonce: '0123456789ab', associated_data: 'transaction' };
    expect(decryptResource(key, resource)).toBe('{"out_trade_no":"pay_1"}');
    expect(() => decryptResource(key, { ...resource, associated_data: 'refund' })).toThrow();
    expect(() => decryptResource('z'.repeat(32), resource)).toThrow();
  });

  it('reads keys as PEM (newlines escaped or not) or bare base64 DER, and names the variable of one it cannot read', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(readKey('public', spki, 'K').export({ type: 'spki', format: 'der' }).toString('base64')).toBe(spki);
    expect(readKey('public', publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '\\n'), 'K').asymmetricKeyType).toBe('rsa');
    for (const type of ['pkcs8', 'pkcs1'] as const) {
      expect(readKey('private', privateKey.export({ type, format: 'der' }).toString('base64'), 'K').asymmetricKeyType).toBe('rsa');
    }
    expect(() => readKey('private', 'not a key', 'ALIPAY_PRIVATE_KEY')).toThrow('ALIPAY_PRIVATE_KEY is not a usable private key');
    expect(() => readKey('public', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'K')).toThrow('K is not a usable public key');
  });

  it("describes the member's device for WeChat Pay's pre-signing from what the browser told us, the rest unknown", () => {
    expect(deviceInfo({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36' })).toEqual({
      device_type: 'DEVICE_TYPE_UNKNOW',
      device_os: 'Windows NT 10.0',
      device_id: 'unknown',
      device_running_as_root: false,
      device_ip: '203.0.113.7',
      weixin_installed: false,
      weixin_version: 'unknown',
      days_since_first_login: 'DAYS_SINCE_FIRST_LOGIN_UNKNOW',
    });
    expect(deviceInfo(undefined)).toMatchObject({ device_os: 'unknown', device_ip: 'unknown' });
  });

  it("encrypts a sensitive field for WeChat Pay alone: RSA-OAEP with SHA-1, which only its private key opens", () => {
    const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sealed = encryptSensitiveField('张三', platform.publicKey);
    expect(privateDecrypt({ key: platform.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(sealed, 'base64')).toString('utf8')).toBe('张三');
    expect(sealed).not.toBe(encryptSensitiveField('张三', platform.publicKey)); // OAEP is randomized
  });
});

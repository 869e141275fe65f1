import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './password-policy.js';

const common = new Set(['password1', 'correcthorse']);
const refusal = (password: string) => {
  try {
    checkNewPassword(password, common);
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('new password policy (ASVS 5)', () => {
  it('accepts 8 to 128 characters, counted in code points, with no composition rules', () => {
    expect(refusal('abcdefgh')).toBeNull();
    expect(refusal('a'.repeat(128))).toBeNull();
    expect(refusal('密码密码密码密码')).toBeNull();
    expect(refusal('😀'.repeat(128))).toBeNull(); // 256 UTF-16 units, 128 characters
  });

  it('refuses fewer than 8 and more than 128 characters, never truncating', () => {
    expect(refusal('abcdefg')).toBe('IDENTITY.PASSWORD_TOO_SHORT');
    expect(refusal('')).toBe('IDENTITY.PASSWORD_TOO_SHORT');
    expect(refusal('😀'.repeat(7))).toBe('IDENTITY.PASSWORD_TOO_SHORT');
    expect(refusal('a'.repeat(129))).toBe('IDENTITY.PASSWORD_TOO_LONG');
  });

  it('refuses a common password whatever its case', () => {
    expect(refusal('password1')).toBe('IDENTITY.PASSWORD_TOO_COMMON');
    expect(refusal('CorrectHorse')).toBe('IDENTITY.PASSWORD_TOO_COMMON');
    expect(refusal('correcthorse battery')).toBeNull();
  });
});

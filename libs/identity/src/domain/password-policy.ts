import { IdentityErrors } from './identity.errors.js';

/** ASVS 5 (V6.2): length is what makes a password strong, so length is all we ask for. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_RECOMMENDED_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Refuses a new password that is too short, too long (never truncated: a longer one is refused
 * whole) or among the most common ones (compared in lowercase). No composition rules: "Passw0rd!"
 * passes any of them and is still the first thing an attacker tries. Length counts code points,
 * so 密码 is two characters, as its owner would count.
 */
export function checkNewPassword(password: string, commonPasswords: ReadonlySet<string>): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw IdentityErrors.passwordTooShort();
  if (length > PASSWORD_MAX_LENGTH) throw IdentityErrors.passwordTooLong();
  if (commonPasswords.has(password.toLowerCase())) throw IdentityErrors.passwordTooCommon();
}

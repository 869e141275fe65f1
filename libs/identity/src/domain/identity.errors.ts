import { DomainError } from '#platform/domain';

export const IdentityErrors = {
  emailTaken: () => new DomainError('IDENTITY.EMAIL_TAKEN', 'conflict', 'An account with this email already exists.'),
  userAlreadyRegistered: () => new DomainError('IDENTITY.USER_EXISTS', 'conflict', 'This user is already registered.'),
  userNotFound: () => new DomainError('IDENTITY.USER_NOT_FOUND', 'not_found', 'No such user.'),
  invalidCredentials: () =>
    new DomainError('IDENTITY.INVALID_CREDENTIALS', 'unauthorized', 'Email or password is wrong.'),
  invalidRefreshToken: () =>
    new DomainError('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized', 'The refresh token is invalid, expired or revoked; sign in again.'),
  adminEmailTaken: (userId: string) =>
    new DomainError('IDENTITY.ADMIN_EMAIL_TAKEN', 'conflict', 'The admin email belongs to an account that is not an admin.', { userId }),
  sessionNotFound: () => new DomainError('IDENTITY.SESSION_NOT_FOUND', 'not_found', 'No such session.'),
  wrongCurrentPassword: () => new DomainError('IDENTITY.WRONG_PASSWORD', 'invalid', 'The current password is wrong.'),
  invalidMailedToken: () =>
    new DomainError('IDENTITY.TOKEN_INVALID', 'invalid', 'This link is invalid, expired or already used; ask for a new one.'),
  mfaAlreadyEnabled: () => new DomainError('IDENTITY.MFA_ALREADY_ENABLED', 'conflict', 'A second factor is set up already; disable it first.'),
  mfaNotEnabled: () => new DomainError('IDENTITY.MFA_NOT_ENABLED', 'conflict', 'No second factor is set up.'),
  mfaNotEnrolled: () => new DomainError('IDENTITY.MFA_NOT_ENROLLED', 'conflict', 'Start setting up the authenticator app first.'),
  invalidMfaCode: () => new DomainError('IDENTITY.INVALID_MFA_CODE', 'unauthorized', 'The code is wrong, expired or already used.'),
  invalidMfaToken: () =>
    new DomainError('IDENTITY.INVALID_MFA_TOKEN', 'unauthorized', 'The sign-in challenge is invalid, expired or used up; sign in again.'),
  alreadySuspended: () => new DomainError('IDENTITY.ALREADY_SUSPENDED', 'conflict', 'This account is suspended already.'),
  notSuspended: () => new DomainError('IDENTITY.NOT_SUSPENDED', 'conflict', 'This account is not suspended.'),
  accountSuspended: () => new DomainError('IDENTITY.ACCOUNT_SUSPENDED', 'forbidden', 'This account is suspended; contact support.'),
  sessionAlreadyStarted: () => new DomainError('IDENTITY.SESSION_EXISTS', 'conflict', 'This session already exists.'),
  loginThrottled: (retryAfterSeconds: number) =>
    new DomainError('IDENTITY.LOGIN_THROTTLED', 'throttled', 'Too many failed sign-ins; wait a moment before trying again.', {
      retryAfterSeconds,
    }),
  loginLocked: (retryAfterSeconds: number) =>
    new DomainError(
      'IDENTITY.LOGIN_LOCKED',
      'throttled',
      'Signing in is locked for a while after too many failures; try again later, or reset the password.',
      { retryAfterSeconds },
    ),
  busy: () =>
    new DomainError('IDENTITY.BUSY', 'unavailable', 'Password checks are briefly unavailable; try again in a moment.', {
      retryAfterSeconds: 1,
    }),
  invalidPhoneCode: () =>
    new DomainError('IDENTITY.PHONE_CODE_INVALID', 'invalid', 'The code is wrong or expired, or was tried too often; ask for a new one.'),
  phoneCodeTooSoon: (retryAfterSeconds: number) =>
    new DomainError('IDENTITY.PHONE_CODE_TOO_SOON', 'throttled', 'A code was sent a moment ago; wait before asking for another.', { retryAfterSeconds }),
  noVerifiedPhone: () => new DomainError('IDENTITY.NO_VERIFIED_PHONE', 'conflict', 'This account has no verified phone number; use the authenticator app or a recovery code.'),
  smsUnavailable: () =>
    new DomainError('IDENTITY.SMS_UNAVAILABLE', 'unavailable', 'The text message could not be sent; try again in a minute.', { retryAfterSeconds: 60 }),
  oidcProviderNotFound: (provider: string) =>
    new DomainError('IDENTITY.OIDC_PROVIDER_NOT_FOUND', 'not_found', 'No such sign-in provider is configured.', { provider }),
  oidcProviderUnavailable: () =>
    new DomainError('IDENTITY.OIDC_PROVIDER_UNAVAILABLE', 'unavailable', 'The sign-in provider cannot be reached; try again in a minute.', {
      retryAfterSeconds: 60,
    }),
  oidcStateInvalid: () =>
    new DomainError('IDENTITY.OIDC_STATE_INVALID', 'unauthorized', 'This sign-in is unknown, expired or already used; start again.'),
  oidcSignInFailed: (reason: string) =>
    new DomainError('IDENTITY.OIDC_SIGN_IN_FAILED', 'unauthorized', 'The provider\'s answer did not prove who you are; start again.', { reason }),
  oidcEmailNotVerified: () =>
    new DomainError(
      'IDENTITY.OIDC_EMAIL_NOT_VERIFIED',
      'conflict',
      'An account with this email exists, and the email is not verified on both sides: sign in with its password and link the provider from your profile.',
    ),
  oidcEmailMissing: () =>
    new DomainError('IDENTITY.OIDC_EMAIL_MISSING', 'invalid', 'The provider did not share an email address, which a new account needs.'),
  externalIdentityTaken: () =>
    new DomainError('IDENTITY.EXTERNAL_IDENTITY_TAKEN', 'conflict', 'This provider account signs in to another account already.'),
  providerAlreadyLinked: () =>
    new DomainError('IDENTITY.PROVIDER_ALREADY_LINKED', 'conflict', 'Another account of this provider is linked already; unlink it first.'),
  externalIdentityNotFound: () => new DomainError('IDENTITY.EXTERNAL_IDENTITY_NOT_FOUND', 'not_found', 'No account of this provider is linked.'),
  lastSignInMethod: () =>
    new DomainError('IDENTITY.LAST_SIGN_IN_METHOD', 'conflict', 'This is the only way left to sign in: set a password (password reset) or link another provider first.'),
  passwordTooShort: () =>
    new DomainError(
      'IDENTITY.PASSWORD_TOO_SHORT',
      'invalid',
      'The password must have at least 8 characters; 15 or more is recommended (a few words make a good one).',
    ),
  passwordTooLong: () => new DomainError('IDENTITY.PASSWORD_TOO_LONG', 'invalid', 'The password must have at most 128 characters.'),
  passwordTooCommon: () =>
    new DomainError(
      'IDENTITY.PASSWORD_TOO_COMMON',
      'invalid',
      'This password is among the most common ones and is tried first by attackers; choose another (15 or more characters is recommended).',
    ),
};

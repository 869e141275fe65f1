import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { IdentityErrors } from './identity.errors.js';

describe('identity refusals (codes and messages are a contract)', () => {
  it('names what is refused, and never which of email or password was wrong', () => {
    expectRefusal(IdentityErrors.emailTaken(), 'IDENTITY.EMAIL_TAKEN', 'conflict', 'An account with this email already exists.');
    expectRefusal(IdentityErrors.userAlreadyRegistered(), 'IDENTITY.USER_EXISTS', 'conflict', 'This user is already registered.');
    expectRefusal(IdentityErrors.userNotFound(), 'IDENTITY.USER_NOT_FOUND', 'not_found', 'No such user.');
    expectRefusal(IdentityErrors.invalidCredentials(), 'IDENTITY.INVALID_CREDENTIALS', 'unauthorized', 'Email or password is wrong.');
    expectRefusal(
      IdentityErrors.invalidRefreshToken(),
      'IDENTITY.INVALID_REFRESH_TOKEN',
      'unauthorized',
      'The refresh token is invalid, expired or revoked; sign in again.',
    );
    expectRefusal(
      IdentityErrors.adminEmailTaken('u-1'),
      'IDENTITY.ADMIN_EMAIL_TAKEN',
      'conflict',
      'The admin email belongs to an account that is not an admin.',
      { userId: 'u-1' },
    );
    expectRefusal(
      IdentityErrors.invalidPhoneCode(),
      'IDENTITY.PHONE_CODE_INVALID',
      'invalid',
      'The code is wrong or expired, or was tried too often; ask for a new one.',
    );
    expectRefusal(
      IdentityErrors.phoneCodeTooSoon(42),
      'IDENTITY.PHONE_CODE_TOO_SOON',
      'throttled',
      'A code was sent a moment ago; wait before asking for another.',
      { retryAfterSeconds: 42 },
    );
    expectRefusal(
      IdentityErrors.noVerifiedPhone(),
      'IDENTITY.NO_VERIFIED_PHONE',
      'conflict',
      'This account has no verified phone number; use the authenticator app or a recovery code.',
    );
    expectRefusal(IdentityErrors.smsUnavailable(), 'IDENTITY.SMS_UNAVAILABLE', 'unavailable', 'The text message could not be sent; try again in a minute.', {
      retryAfterSeconds: 60,
    });
    expectRefusal(IdentityErrors.sessionNotFound(), 'IDENTITY.SESSION_NOT_FOUND', 'not_found', 'No such session.');
    expectRefusal(IdentityErrors.wrongCurrentPassword(), 'IDENTITY.WRONG_PASSWORD', 'invalid', 'The current password is wrong.');
    expectRefusal(
      IdentityErrors.invalidMailedToken(),
      'IDENTITY.TOKEN_INVALID',
      'invalid',
      'This link is invalid, expired or already used; ask for a new one.',
    );
    expectRefusal(IdentityErrors.mfaAlreadyEnabled(), 'IDENTITY.MFA_ALREADY_ENABLED', 'conflict', 'A second factor is set up already; disable it first.');
    expectRefusal(IdentityErrors.mfaNotEnabled(), 'IDENTITY.MFA_NOT_ENABLED', 'conflict', 'No second factor is set up.');
    expectRefusal(IdentityErrors.mfaNotEnrolled(), 'IDENTITY.MFA_NOT_ENROLLED', 'conflict', 'Start setting up the authenticator app first.');
    expectRefusal(IdentityErrors.invalidMfaCode(), 'IDENTITY.INVALID_MFA_CODE', 'unauthorized', 'The code is wrong, expired or already used.');
    expectRefusal(
      IdentityErrors.invalidMfaToken(),
      'IDENTITY.INVALID_MFA_TOKEN',
      'unauthorized',
      'The sign-in challenge is invalid, expired or used up; sign in again.',
    );
    expectRefusal(IdentityErrors.alreadySuspended(), 'IDENTITY.ALREADY_SUSPENDED', 'conflict', 'This account is suspended already.');
    expectRefusal(IdentityErrors.notSuspended(), 'IDENTITY.NOT_SUSPENDED', 'conflict', 'This account is not suspended.');
    expectRefusal(IdentityErrors.accountSuspended(), 'IDENTITY.ACCOUNT_SUSPENDED', 'forbidden', 'This account is suspended; contact support.');
    expectRefusal(IdentityErrors.sessionAlreadyStarted(), 'IDENTITY.SESSION_EXISTS', 'conflict', 'This session already exists.');
  });

  it('says when signing in may be tried again, the same whether or not the account exists', () => {
    expectRefusal(IdentityErrors.loginThrottled(3), 'IDENTITY.LOGIN_THROTTLED', 'throttled', 'Too many failed sign-ins; wait a moment before trying again.', {
      retryAfterSeconds: 3,
    });
    expectRefusal(
      IdentityErrors.loginLocked(900),
      'IDENTITY.LOGIN_LOCKED',
      'throttled',
      'Signing in is locked for a while after too many failures; try again later, or reset the password.',
      { retryAfterSeconds: 900 },
    );
    expectRefusal(IdentityErrors.busy(), 'IDENTITY.BUSY', 'unavailable', 'Password checks are briefly unavailable; try again in a moment.', {
      retryAfterSeconds: 1,
    });
  });

  it('says what a password needs, recommending 15 characters, without composition rules', () => {
    expectRefusal(
      IdentityErrors.passwordTooShort(),
      'IDENTITY.PASSWORD_TOO_SHORT',
      'invalid',
      'The password must have at least 8 characters; 15 or more is recommended (a few words make a good one).',
    );
    expectRefusal(IdentityErrors.passwordTooLong(), 'IDENTITY.PASSWORD_TOO_LONG', 'invalid', 'The password must have at most 128 characters.');
    expectRefusal(
      IdentityErrors.passwordTooCommon(),
      'IDENTITY.PASSWORD_TOO_COMMON',
      'invalid',
      'This password is among the most common ones and is tried first by attackers; choose another (15 or more characters is recommended).',
    );
    expectRefusal(IdentityErrors.oidcProviderNotFound('x'), 'IDENTITY.OIDC_PROVIDER_NOT_FOUND', 'not_found', 'No such sign-in provider is configured.', {
      provider: 'x',
    });
    expectRefusal(
      IdentityErrors.oidcProviderUnavailable(),
      'IDENTITY.OIDC_PROVIDER_UNAVAILABLE',
      'unavailable',
      'The sign-in provider cannot be reached; try again in a minute.',
      { retryAfterSeconds: 60 },
    );
    expectRefusal(IdentityErrors.oidcStateInvalid(), 'IDENTITY.OIDC_STATE_INVALID', 'unauthorized', 'This sign-in is unknown, expired or already used; start again.');
    expectRefusal(
      IdentityErrors.oidcSignInFailed('nonce mismatch'),
      'IDENTITY.OIDC_SIGN_IN_FAILED',
      'unauthorized',
      "The provider's answer did not prove who you are; start again.",
      { reason: 'nonce mismatch' },
    );
    expectRefusal(
      IdentityErrors.oidcEmailNotVerified(),
      'IDENTITY.OIDC_EMAIL_NOT_VERIFIED',
      'conflict',
      'An account with this email exists, and the email is not verified on both sides: sign in with its password and link the provider from your profile.',
    );
    expectRefusal(IdentityErrors.oidcEmailMissing(), 'IDENTITY.OIDC_EMAIL_MISSING', 'invalid', 'The provider did not share an email address, which a new account needs.');
    expectRefusal(IdentityErrors.externalIdentityTaken(), 'IDENTITY.EXTERNAL_IDENTITY_TAKEN', 'conflict', 'This provider account signs in to another account already.');
    expectRefusal(
      IdentityErrors.providerAlreadyLinked(),
      'IDENTITY.PROVIDER_ALREADY_LINKED',
      'conflict',
      'Another account of this provider is linked already; unlink it first.',
    );
    expectRefusal(IdentityErrors.externalIdentityNotFound(), 'IDENTITY.EXTERNAL_IDENTITY_NOT_FOUND', 'not_found', 'No account of this provider is linked.');
    expectRefusal(
      IdentityErrors.lastSignInMethod(),
      'IDENTITY.LAST_SIGN_IN_METHOD',
      'conflict',
      'This is the only way left to sign in: set a password (password reset) or link another provider first.',
    );
  });
});

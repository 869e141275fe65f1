import type { DomainEvent, Role } from '#platform/domain';

/**
 * No secret is ever part of an event: password hashes live in identity_credentials and refresh
 * token hashes in identity_refresh_tokens, written by the command in the append's transaction.
 * Events are kept for good and copied into the audit trail; a secret in them could never be taken back.
 */
export type UserRegistered = DomainEvent<
  'identity.user-registered',
  { userId: string; email: string; displayName: string; roles: Role[] }
>;
/** `expiresAt`: the roles end then, by themselves (absent: until revoked). A grant of a role already held sets its end anew. */
export type RolesGranted = DomainEvent<'identity.roles-granted', { userId: string; roles: Role[]; expiresAt?: string }>;
export type RolesRevoked = DomainEvent<'identity.roles-revoked', { userId: string; roles: Role[] }>;
/** What the owner shows of themselves; null clears an optional field. */
export interface Profile {
  displayName: string;
  avatarUrl: string | null;
  bio: string | null;
  /** BCP 47 language tag (`zh-CN`). */
  locale: string | null;
  /** IANA time zone (`Asia/Shanghai`). */
  timeZone: string | null;
}
/** Only the fields that changed. */
export type ProfileUpdated = DomainEvent<'identity.profile-updated', { userId: string; changes: Partial<Profile> }>;
/** The owner proved a new address (a token mailed to it): it replaces the old one, verified. */
export type EmailChanged = DomainEvent<'identity.email-changed', { userId: string; email: string }>;
/** The password was changed by its owner (who gave the current one); their other sessions end with it. */
export type PasswordChanged = DomainEvent<'identity.password-changed', { userId: string; reason: 'change' }>;
/** The owner proved the account's email is theirs (a mailed single-use token, or the operator who configured it). */
export type EmailVerified = DomainEvent<'identity.email-verified', { userId: string }>;
/** The password was replaced through a mailed reset token; every session ends with it. */
export type PasswordReset = DomainEvent<'identity.password-reset', { userId: string }>;
/** A second factor was confirmed (TOTP), with ten new recovery codes. */
export type MfaEnabled = DomainEvent<'identity.mfa-enabled', { userId: string; method: 'totp' }>;
export type MfaDisabled = DomainEvent<'identity.mfa-disabled', { userId: string }>;
export type RecoveryCodesRegenerated = DomainEvent<'identity.recovery-codes-regenerated', { userId: string }>;
/** Staff suspended the account: every session ends, and it cannot sign in until unsuspended. */
export type UserSuspended = DomainEvent<'identity.user-suspended', { userId: string; reason: string }>;
export type UserUnsuspended = DomainEvent<'identity.user-unsuspended', { userId: string }>;
/** The owner proved the phone number is theirs (a code texted to it); it replaces any earlier one. */
export type PhoneVerified = DomainEvent<'identity.phone-verified', { userId: string; phone: string }>;
/** The owner erased their account: its key is deleted, so their data in every event of theirs reads as erased; the events stay. */
export type AccountErased = DomainEvent<'identity.account-erased', { userId: string }>;
/** An account at an OpenID Connect provider (`issuer` + `subject`, the provider's `sub`); one such identity signs in to one account only. */
export interface ExternalIdentity {
  /** The provider's name in our configuration (OIDC_PROVIDERS). */
  provider: string;
  issuer: string;
  subject: string;
}
/** From now on the account also signs in through this provider account (linked at sign-in by a verified email, at registration through it, or by its owner from /me). */
export type ExternalIdentityLinked = DomainEvent<'identity.external-identity-linked', { userId: string } & ExternalIdentity>;
/** Its owner unlinked it: it signs in to nothing now (another account may link it). */
export type ExternalIdentityUnlinked = DomainEvent<'identity.external-identity-unlinked', { userId: string } & ExternalIdentity>;
export type UserEvent =
  | ExternalIdentityLinked
  | ExternalIdentityUnlinked
  | PhoneVerified
  | AccountErased
  | UserSuspended
  | UserUnsuspended
  | UserRegistered
  | RolesGranted
  | RolesRevoked
  | ProfileUpdated
  | EmailChanged
  | PasswordChanged
  | EmailVerified
  | PasswordReset
  | MfaEnabled
  | MfaDisabled
  | RecoveryCodesRegenerated;

/** `mfaAt`: the sign-in passed a second factor then (absent when it did not). */
export type SessionStarted = DomainEvent<
  'identity.session-started',
  { sessionId: string; userId: string; expiresAt: string; mfaAt?: string }
>;
/** The session passed a second factor again (a step-up before a sensitive action). */
export type SessionSteppedUp = DomainEvent<'identity.session-stepped-up', { sessionId: string; mfaAt: string }>;
/** The refresh token was rotated: the session's next token generation was issued (at `refreshedAt`; absent before schema 2). */
export type SessionRefreshed = DomainEvent<'identity.session-refreshed', { sessionId: string; expiresAt: string; refreshedAt?: string }>;
export type SessionRevokeReason = 'token-reuse' | 'logout' | 'ended-by-user' | 'password-changed' | 'password-reset' | 'suspended' | 'account-erased';
export type SessionRevoked = DomainEvent<'identity.session-revoked', { sessionId: string; reason: SessionRevokeReason }>;
export type SessionEvent = SessionStarted | SessionRefreshed | SessionRevoked | SessionSteppedUp;

/**
 * Security events: what happened at sign-in, each in a stream of its own (`security-<uuid>`), so
 * the audit trail and the anomaly job see them. `userId` is null when the email belongs to no
 * account; the email itself is never recorded.
 */
export type LoginFailed = DomainEvent<'identity.login-failed', { userId: string | null; reason: 'wrong-password' }>;
export type LoginLocked = DomainEvent<
  'identity.login-locked',
  { scope: 'account' | 'address'; userId: string | null; lockedForSeconds: number }
>;
/** A reset link was mailed to an account's email (nothing is recorded for an email without an account). */
export type PasswordResetRequested = DomainEvent<'identity.password-reset-requested', { userId: string }>;
/** The user downloaded everything held about them (GET /api/v1/me/export). */
export type PersonalDataExported = DomainEvent<'identity.personal-data-exported', { userId: string; events: number }>;
/** Someone signed in through an OpenID Connect provider: a session started, or (`mfaRequired`) the second step is asked for. */
export type ExternalSignIn = DomainEvent<'identity.external-sign-in', { userId: string; provider: string; mfaRequired: boolean }>;
/**
 * A provider vouched for someone we would not sign in: its email belongs to an account and is not
 * verified on both sides (the "register someone's email first" takeover), or the account is suspended.
 */
export type ExternalSignInRefused = DomainEvent<
  'identity.external-sign-in-refused',
  { userId: string | null; provider: string; reason: 'email-not-verified' | 'account-suspended' | 'no-email' }
>;
export type SecurityEvent = LoginFailed | LoginLocked | PasswordResetRequested | PersonalDataExported | ExternalSignIn | ExternalSignInRefused;

/** Schema 1 carried a secret (a hash); schema 2 leaves it out. Migration 1764400000000 redacted the stored ones. */
const withoutMember =
  (member: string) =>
  ({ [member]: _secret, ...rest }: Record<string, unknown>): Record<string, unknown> =>
    rest;

/** Stored names and current schema versions of every identity event. */
export const identityEventTypes = {
  'identity.user-registered': {
    schemaVersion: 2,
    upcasters: { 1: withoutMember('passwordHash') },
    personalData: { subject: 'userId', fields: ['email', 'displayName'] },
  },
  'identity.account-erased': { schemaVersion: 1 },
  'identity.external-identity-linked': { schemaVersion: 1, personalData: { subject: 'userId', fields: ['subject'] } },
  'identity.external-identity-unlinked': { schemaVersion: 1, personalData: { subject: 'userId', fields: ['subject'] } },
  'identity.external-sign-in': { schemaVersion: 1 },
  'identity.external-sign-in-refused': { schemaVersion: 1 },
  'identity.phone-verified': { schemaVersion: 1, personalData: { subject: 'userId', fields: ['phone'] } },
  'identity.roles-granted': { schemaVersion: 1 },
  'identity.roles-revoked': { schemaVersion: 1 },
  'identity.profile-updated': { schemaVersion: 1, personalData: { subject: 'userId', fields: ['changes.displayName', 'changes.avatarUrl', 'changes.bio'] } },
  'identity.email-changed': { schemaVersion: 1, personalData: { subject: 'userId', fields: ['email'] } },
  'identity.password-changed': { schemaVersion: 1 },
  'identity.email-verified': { schemaVersion: 1 },
  'identity.password-reset': { schemaVersion: 1 },
  'identity.password-reset-requested': { schemaVersion: 1 },
  'identity.mfa-enabled': { schemaVersion: 1 },
  'identity.user-suspended': { schemaVersion: 1 },
  'identity.user-unsuspended': { schemaVersion: 1 },
  'identity.mfa-disabled': { schemaVersion: 1 },
  'identity.recovery-codes-regenerated': { schemaVersion: 1 },
  'identity.session-stepped-up': { schemaVersion: 1 },
  'identity.session-started': { schemaVersion: 2, upcasters: { 1: withoutMember('tokenHash') } },
  'identity.session-refreshed': { schemaVersion: 2, upcasters: { 1: withoutMember('tokenHash') } },
  'identity.session-revoked': { schemaVersion: 1 },
  'identity.login-failed': { schemaVersion: 1 },
  'identity.login-locked': { schemaVersion: 1 },
  'identity.personal-data-exported': { schemaVersion: 1 },
} as const;

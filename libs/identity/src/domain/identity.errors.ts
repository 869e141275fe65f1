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
  sessionAlreadyStarted: () => new DomainError('IDENTITY.SESSION_EXISTS', 'conflict', 'This session already exists.'),
};

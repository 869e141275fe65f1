// Public surface of the identity domain.
export { IdentityModule } from './identity.module.js';
export { IdentityHttpModule } from './identity-http.module.js';
export { identityEventTypes } from './domain/identity-events.js';
export type { UserRegistered, RolesGranted, SessionStarted, SessionRefreshed, SessionRevoked } from './domain/identity-events.js';
export { RegisterUser } from './commands/register-user.js';
export { GrantRoles } from './commands/grant-roles.js';
export { GrantRolesByOperator } from './commands/grant-roles-by-operator.js';
export { LogIn } from './commands/log-in.js';
export { LogOut } from './commands/log-out.js';
export { RefreshSession } from './commands/refresh-session.js';
export { EnsureAdmin, type EnsuredAdmin } from './commands/ensure-admin.js';
export { GetUserProfile, type UserProfile } from './queries/get-user-profile.js';
export { Identity1764201700000 } from './migrations/1764201700000-identity.js';
export { IdentitySecretsOutOfEvents1764400000000 } from './migrations/1764400000000-identity-secrets-out-of-events.js';
export { IdentitySessions1764400100000 } from './migrations/1764400100000-identity-sessions.js';
export { IdentityEmailVerification1764400300000 } from './migrations/1764400300000-identity-email-verification.js';
export { IdentityMfa1764400400000 } from './migrations/1764400400000-identity-mfa.js';
export { IdentitySuspension1764400500000 } from './migrations/1764400500000-identity-suspension.js';

import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventTypeRegistry } from '#platform';
import { ChangePasswordHandler } from './commands/change-password.js';
import { ConfirmEmailChangeHandler, RequestEmailChangeHandler } from './commands/change-my-email.js';
import { UpdateMyProfileHandler } from './commands/update-my-profile.js';
import { ExportMyDataHandler } from './commands/export-my-data.js';
import { SendPhoneCodeHandler, SendSignInCodeHandler, VerifyMyPhoneHandler } from './commands/verify-my-phone.js';
import { PhoneCodes } from './credentials/phone-codes.js';
import { CompleteOidcSignInHandler } from './commands/complete-oidc-sign-in.js';
import { StartOidcSignInHandler } from './commands/start-oidc-sign-in.js';
import { UnlinkExternalIdentityHandler } from './commands/unlink-external-identity.js';
import { OidcProviders } from './oidc/oidc-providers.js';
import { OidcSignIns } from './oidc/oidc-sign-ins.js';
import { ExternalIdentitiesProjector } from './projections/external-identities.projector.js';
import { GetMyExternalIdentitiesHandler } from './queries/get-my-external-identities.js';
import { DetectSecurityAnomaliesHandler } from './commands/detect-security-anomalies.js';
import { GetSecurityAlertsHandler } from './queries/get-security-alerts.js';
import { EraseMyAccountHandler } from './commands/erase-my-account.js';
import { PersonalKeys } from './credentials/personal-keys.js';
import { IdentityEncryptedFields } from './credentials/identity-encrypted-fields.js';
import { RevokeRolesHandler } from './commands/revoke-roles.js';
import { SearchUsersHandler } from './queries/search-users.js';
import { PasswordProof } from './credentials/password-proof.js';
import { EndMySessionHandler } from './commands/end-my-session.js';
import { RequestPasswordResetHandler } from './commands/request-password-reset.js';
import { ResetPasswordHandler } from './commands/reset-password.js';
import { SendEmailVerificationHandler } from './commands/send-email-verification.js';
import { VerifyEmailHandler } from './commands/verify-email.js';
import { IdentityMails } from './credentials/identity-mails.js';
import { OneTimeTokens } from './credentials/one-time-tokens.js';
import { CompleteMfaLoginHandler } from './commands/complete-mfa-login.js';
import { ConfirmTotpHandler, DisableMfaHandler, EnrolTotpHandler, RegenerateRecoveryCodesHandler, StepUpHandler } from './commands/mfa.js';
import { SessionStarter } from './commands/session-starter.js';
import { MfaChallenges } from './credentials/mfa-challenges.js';
import { SecondFactors } from './credentials/second-factors.js';
import { SuspendUserHandler, UnsuspendUserHandler } from './commands/suspend-user.js';
import { EnsureAdminHandler } from './commands/ensure-admin.js';
import { GrantRolesHandler } from './commands/grant-roles.js';
import { GrantRolesByOperatorHandler } from './commands/grant-roles-by-operator.js';
import { LogInHandler } from './commands/log-in.js';
import { LogOutHandler } from './commands/log-out.js';
import { RefreshSessionHandler } from './commands/refresh-session.js';
import { RegisterUserHandler } from './commands/register-user.js';
import { SessionTokens } from './commands/session-tokens.js';
import { CommonPasswords } from './credentials/common-passwords.js';
import { Credentials } from './credentials/credentials.js';
import { LoginThrottle } from './credentials/login-throttle.js';
import { Passwords } from './credentials/passwords.js';
import { identityEventTypes } from './domain/identity-events.js';
import { IdentityRules } from './policies/identity.rules.js';
import { UserRecord } from './projections/user.record.js';
import { SessionsProjector } from './projections/sessions.projector.js';
import { UsersProjector } from './projections/users.projector.js';
import { SecurityLog } from './security/security-log.js';
import { GetMySessionsHandler } from './queries/get-my-sessions.js';
import { GetUserProfileHandler } from './queries/get-user-profile.js';
import { UsersActorDirectory } from './queries/users-actor-directory.js';

/** The identity core, in every process: event types, commands, queries, inline projections, rules. */
@Module({
  imports: [TypeOrmModule.forFeature([UserRecord])],
  providers: [
    Passwords,
    CommonPasswords,
    Credentials,
    LoginThrottle,
    SecurityLog,
    SessionTokens,
    RegisterUserHandler,
    LogInHandler,
    LogOutHandler,
    RefreshSessionHandler,
    GrantRolesHandler,
    RevokeRolesHandler,
    SearchUsersHandler,
    GrantRolesByOperatorHandler,
    EnsureAdminHandler,
    GetUserProfileHandler,
    GetMySessionsHandler,
    ChangePasswordHandler,
    PasswordProof,
    UpdateMyProfileHandler,
    ExportMyDataHandler,
    PhoneCodes,
    OidcProviders,
    OidcSignIns,
    StartOidcSignInHandler,
    CompleteOidcSignInHandler,
    UnlinkExternalIdentityHandler,
    GetMyExternalIdentitiesHandler,
    ExternalIdentitiesProjector,
    SendPhoneCodeHandler,
    SendSignInCodeHandler,
    VerifyMyPhoneHandler,
    DetectSecurityAnomaliesHandler,
    GetSecurityAlertsHandler,
    EraseMyAccountHandler,
    PersonalKeys,
    IdentityEncryptedFields,
    RequestEmailChangeHandler,
    ConfirmEmailChangeHandler,
    EndMySessionHandler,
    OneTimeTokens,
    IdentityMails,
    VerifyEmailHandler,
    SendEmailVerificationHandler,
    RequestPasswordResetHandler,
    ResetPasswordHandler,
    SessionStarter,
    SecondFactors,
    MfaChallenges,
    CompleteMfaLoginHandler,
    EnrolTotpHandler,
    ConfirmTotpHandler,
    DisableMfaHandler,
    RegenerateRecoveryCodesHandler,
    StepUpHandler,
    SuspendUserHandler,
    UnsuspendUserHandler,
    UsersActorDirectory,
    UsersProjector,
    SessionsProjector,
    IdentityRules,
  ],
})
export class IdentityModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(identityEventTypes);
  }
}

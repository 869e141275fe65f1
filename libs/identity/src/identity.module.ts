import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventTypeRegistry } from '#platform';
import { AdminBootstrap } from './commands/admin-bootstrap.js';
import { EnsureAdminHandler } from './commands/ensure-admin.js';
import { GrantRolesHandler } from './commands/grant-roles.js';
import { LogInHandler } from './commands/log-in.js';
import { LogOutHandler } from './commands/log-out.js';
import { Passwords } from './commands/passwords.js';
import { RefreshSessionHandler } from './commands/refresh-session.js';
import { RegisterUserHandler } from './commands/register-user.js';
import { SessionTokens } from './commands/session-tokens.js';
import { identityEventTypes } from './domain/identity-events.js';
import { AdminUsersController } from './http/admin-users.controller.js';
import { AuthController } from './http/auth.controller.js';
import { MeController } from './http/me.controller.js';
import { IdentityRules } from './policies/identity.rules.js';
import { UserRecord } from './projections/user.record.js';
import { UsersProjector } from './projections/users.projector.js';
import { GetUserProfileHandler } from './queries/get-user-profile.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserRecord])],
  controllers: [AuthController, MeController, AdminUsersController],
  providers: [
    Passwords,
    SessionTokens,
    RegisterUserHandler,
    LogInHandler,
    LogOutHandler,
    RefreshSessionHandler,
    GrantRolesHandler,
    EnsureAdminHandler,
    AdminBootstrap,
    GetUserProfileHandler,
    UsersProjector,
    IdentityRules,
  ],
})
export class IdentityModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(identityEventTypes);
  }
}

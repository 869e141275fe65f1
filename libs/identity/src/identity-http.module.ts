import { Module } from '@nestjs/common';
import { AdminBootstrap } from './commands/admin-bootstrap.js';
import { AdminUsersController } from './http/admin-users.controller.js';
import { AdminSecurityController } from './http/admin-security.controller.js';
import { AuthController } from './http/auth.controller.js';
import { MeController } from './http/me.controller.js';
import { OidcController } from './http/oidc.controller.js';
import { IdentityModule } from './identity.module.js';

/** The api side of identity: its routes, and the first admin created at api start. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, MeController, OidcController, AdminUsersController, AdminSecurityController],
  providers: [AdminBootstrap],
})
export class IdentityHttpModule {}

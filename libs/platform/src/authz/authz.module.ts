import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AbilityFactory } from './ability.factory.js';
import { AccessGuard } from './access.guard.js';
import { AccessTokens } from './access-tokens.js';
import { DocsAccess } from './docs-access.js';
import { StaffHoursRules } from './staff-hours.rules.js';

@Global()
@Module({
  // No default key: AccessTokens names the key of every token it signs or verifies.
  imports: [DiscoveryModule, JwtModule.register({})],
  providers: [AbilityFactory, AccessTokens, DocsAccess, StaffHoursRules, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AbilityFactory, AccessTokens, DocsAccess],
})
export class AuthzModule {}

import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AbilityFactory } from './ability.factory.js';
import { AccessGuard } from './access.guard.js';
import { AccessTokens } from './access-tokens.js';

@Global()
@Module({
  imports: [
    DiscoveryModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  providers: [AbilityFactory, AccessTokens, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AbilityFactory, AccessTokens],
})
export class AuthzModule {}

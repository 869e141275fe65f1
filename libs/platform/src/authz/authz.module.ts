import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { PLATFORM_SECRETS, type PlatformSecrets, SecretsModule } from '../config/secrets.js';
import { AbilityFactory } from './ability.factory.js';
import { AccessGuard } from './access.guard.js';
import { AccessTokens } from './access-tokens.js';

@Global()
@Module({
  imports: [
    DiscoveryModule,
    JwtModule.registerAsync({
      imports: [SecretsModule],
      inject: [PLATFORM_SECRETS],
      // A key object built once: given a string, jsonwebtoken re-derives a key on every call.
      useFactory: (secrets: PlatformSecrets) => ({
        secret: createSecretKey(Buffer.from(secrets.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  providers: [AbilityFactory, AccessTokens, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AbilityFactory, AccessTokens],
})
export class AuthzModule {}

import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig, PLATFORM_SECRETS, type PlatformSecrets } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { verifySandboxSignature } from './sandbox-signature.js';

/**
 * Lets a webhook through only if the sandbox provider signed its exact raw bytes: an unsigned
 * body is refused before anything parses, validates or stores it.
 */
@Injectable()
export class SandboxSignatureGuard implements CanActivate {
  constructor(
    @Inject(PLATFORM_SECRETS) private readonly secrets: PlatformSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { rawBody?: Buffer }>();
    const header = request.headers['zhiku-signature'];
    const check = verifySandboxSignature(
      typeof header === 'string' ? header : undefined,
      request.rawBody ?? Buffer.alloc(0),
      this.secrets.sandboxWebhookSecret,
      Math.floor(Date.now() / 1000),
      this.config.webhookToleranceSeconds,
    );
    if (!check.ok) {
      throw CommerceErrors.webhookSignature(check.reason);
    }
    return true;
  }
}

import { Module } from '@nestjs/common';
import { AdminWebhooksController } from './http/admin-webhooks.controller.js';
import { IntegrationsModule } from './integrations.module.js';

/** The api side of integrations: the operators' webhook routes. */
@Module({
  imports: [IntegrationsModule],
  controllers: [AdminWebhooksController],
})
export class IntegrationsHttpModule {}

import { Module } from '@nestjs/common';
import { CommerceModule } from './commerce.module.js';
import { AdminLedgerController } from './http/admin-ledger.controller.js';
import { OrdersController } from './http/orders.controller.js';
import { SandboxWebhookController } from './http/sandbox-webhook.controller.js';

/** The api side of commerce: its routes, the payment provider's webhook among them. */
@Module({
  imports: [CommerceModule],
  controllers: [OrdersController, SandboxWebhookController, AdminLedgerController],
})
export class CommerceHttpModule {}

import { Module } from '@nestjs/common';
import { CommerceModule } from './commerce.module.js';
import { AdminFinanceController } from './http/admin-finance.controller.js';
import { AdminLedgerController } from './http/admin-ledger.controller.js';
import { AdminReconciliationController } from './http/admin-reconciliation.controller.js';
import { AdminAccessGrantsController } from './http/admin-access-grants.controller.js';
import { AdminCommissionsController } from './http/admin-commissions.controller.js';
import { CouponsController } from './http/coupons.controller.js';
import { CreatorEarningsController } from './http/creator-earnings.controller.js';
import { PlansController, SubscriptionsController } from './http/memberships.controller.js';
import { BundlesController } from './http/bundles.controller.js';
import { OrdersController } from './http/orders.controller.js';
import { RefundsController } from './http/refunds.controller.js';
import { PaymentWebhooksController } from './http/payment-webhooks.controller.js';
import { AdminReceiptsController, ReceiptsController } from './http/receipts.controller.js';
import { ReceiptPdf } from './http/receipt-pdf.js';
import { SandboxSignatureGuard } from './payments/sandbox-signature.guard.js';

/** The api side of commerce: its routes, the payment provider's webhook among them. */
@Module({
  imports: [CommerceModule],
  controllers: [
    OrdersController,
    ReceiptsController,
    AdminReceiptsController,
    RefundsController,
    CouponsController,
    CreatorEarningsController,
    PlansController,
    BundlesController,
    SubscriptionsController,
    PaymentWebhooksController,
    AdminLedgerController,
    AdminFinanceController,
    AdminReconciliationController,
    AdminCommissionsController,
    AdminAccessGrantsController,
  ],
  providers: [SandboxSignatureGuard, ReceiptPdf],
})
export class CommerceHttpModule {}

import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { DecideRefundHandler } from './commands/decide-refund.js';
import { ExpireOrderHandler } from './commands/expire-order.js';
import { IssueCouponsHandler } from './commands/issue-coupons.js';
import { DecidePayoutHandler, RequestPayoutHandler, SetPayoutAccountHandler, StartStripeOnboardingHandler } from './commands/payouts.js';
import { ReleaseCouponRedemptionHandler } from './commands/release-coupon-redemption.js';
import { RequestRefundHandler } from './commands/request-refund.js';
import { RefundUndeliveredOrderHandler } from './commands/refund-undelivered-order.js';
import { InstructPayoutHandler } from './commands/instruct-payout.js';
import { CancelPayoutHandler } from './commands/cancel-payout.js';
import { InstructRefundHandler } from './commands/instruct-refund.js';
import { ChargeMembershipHandler } from './commands/charge-membership.js';
import { OpenCheckoutHandler } from './commands/open-checkout.js';
import { OpenMembershipCheckoutHandler } from './commands/open-membership-checkout.js';
import { ReconcilePendingPaymentsHandler } from './commands/reconcile-pending-payments.js';
import { ReconcileSettlementsHandler } from './commands/reconcile-settlements.js';
import { ListReconciliationDifferencesHandler } from './queries/list-reconciliation-differences.js';
import { PlaceOrderHandler } from './commands/place-order.js';
import { CreatePlanHandler, RetirePlanHandler } from './commands/plans.js';
import { CreateBundleHandler, RetireBundleHandler } from './commands/bundles.js';
import { GrantAccessHandler } from './commands/grant-access.js';
import { RevokeStaffGrantHandler } from './commands/revoke-staff-grant.js';
import { SetCommissionHandler } from './commands/set-commission.js';
import { ChangePlanHandler } from './commands/change-plan.js';
import { ChangeSubscriptionHandler, SettleSubscriptionHandler, SubscribeHandler } from './commands/subscriptions.js';
import { ReceiveProviderEventHandler } from './commands/receive-provider-event.js';
import { PaymentProviders } from './payments/payment-providers.js';
import { commerceEventTypes } from './domain/commerce-events.js';
import { CommerceRules } from './policies/commerce.rules.js';
import { AccessGrantsProjector } from './projections/access-grants.projector.js';
import { CouponsProjector } from './projections/coupons.projector.js';
import { PayoutsProjector } from './projections/payouts.projector.js';
import { PayoutPayees } from './projections/payout-payees.js';
import { LedgerProjector } from './projections/ledger.projector.js';
import { MembershipsProjector } from './projections/memberships.projector.js';
import { BundlesProjector } from './projections/bundles.projector.js';
import { CommissionsProjector } from './projections/commissions.projector.js';
import { LessonsOpenedProjector } from './projections/lessons-opened.projector.js';
import { OrdersProjector } from './projections/orders.projector.js';
import { ProductsProjector } from './projections/products.projector.js';
import { QuestionOffersProjector } from './projections/question-offers.projector.js';
import { RefundsDueProjector } from './projections/refunds-due.projector.js';
import { RefundsProjector } from './projections/refunds.projector.js';
import { ErasedBuyersProjector } from './projections/erased-buyers.projector.js';
import { GetAccessibleContentIdsHandler, GetOwnedContentIdsHandler } from './queries/get-accessible-content-ids.js';
import { GetMembershipCoverageHandler } from './queries/get-membership-coverage.js';
import { GetCreatorEarningsHandler } from './queries/get-creator-earnings.js';
import { ListCouponsHandler } from './queries/list-coupons.js';
import { GetEarningsStatementHandler, ListPayoutsHandler } from './queries/payouts-and-statement.js';
import { GetWechatPayoutConfirmationHandler } from './queries/wechat-payout-confirmation.js';
import { GetMyAccessHandler } from './queries/get-my-access.js';
import { GetMyOrdersHandler } from './queries/get-my-orders.js';
import { GetOrderHandler } from './queries/get-order.js';
import { GetOrderReceiptHandler } from './queries/get-order-receipt.js';
import { GetRefundsDueHandler } from './queries/get-refunds-due.js';
import { GetRefundHandler, ListRefundsHandler } from './queries/list-refunds.js';
import { GetTrialBalanceHandler } from './queries/get-trial-balance.js';
import { HasAccessHandler } from './queries/has-access.js';
import { IsBuyerHandler } from './queries/is-buyer.js';
import { GetPlanHandler, ListMySubscriptionsHandler, ListPlansHandler } from './queries/memberships.js';
import { GetBundleHandler, ListBundlesHandler } from './queries/bundles.js';
import { CommissionRatesLookup, GetCreatorCommissionHandler } from './queries/commission-rates.js';
import { ListUserAccessGrantsHandler } from './queries/list-user-access-grants.js';

/** The commerce core, in every process: event types, commands, queries, inline projections, rules. */
@Module({
  providers: [
    PlaceOrderHandler,
    OpenCheckoutHandler,
    OpenMembershipCheckoutHandler,
    InstructRefundHandler,
    InstructPayoutHandler,
    CancelPayoutHandler,
    ChargeMembershipHandler,
    ReconcilePendingPaymentsHandler,
    ReconcileSettlementsHandler,
    ListReconciliationDifferencesHandler,
    ExpireOrderHandler,
    RequestRefundHandler,
    RefundUndeliveredOrderHandler,
    IssueCouponsHandler,
    RequestPayoutHandler,
    DecidePayoutHandler,
    SetPayoutAccountHandler,
    StartStripeOnboardingHandler,
    ReleaseCouponRedemptionHandler,
    DecideRefundHandler,
    ReceiveProviderEventHandler,
    PaymentProviders,
    CreatePlanHandler,
    RetirePlanHandler,
    SubscribeHandler,
    ChangeSubscriptionHandler,
    ChangePlanHandler,
    SettleSubscriptionHandler,
    CreateBundleHandler,
    RetireBundleHandler,
    SetCommissionHandler,
    GrantAccessHandler,
    RevokeStaffGrantHandler,
    ListUserAccessGrantsHandler,
    GetOrderHandler,
    GetOrderReceiptHandler,
    GetMyOrdersHandler,
    GetMyAccessHandler,
    GetTrialBalanceHandler,
    GetRefundsDueHandler,
    ListRefundsHandler,
    ListCouponsHandler,
    GetCreatorEarningsHandler,
    GetEarningsStatementHandler,
    ListPayoutsHandler,
    GetWechatPayoutConfirmationHandler,
    GetRefundHandler,
    HasAccessHandler,
    IsBuyerHandler,
    GetAccessibleContentIdsHandler,
    GetMembershipCoverageHandler,
    GetOwnedContentIdsHandler,
    ListPlansHandler,
    GetPlanHandler,
    ListMySubscriptionsHandler,
    ListBundlesHandler,
    GetBundleHandler,
    GetCreatorCommissionHandler,
    CommissionRatesLookup,
    ProductsProjector,
    QuestionOffersProjector,
    OrdersProjector,
    AccessGrantsProjector,
    LedgerProjector,
    RefundsDueProjector,
    RefundsProjector,
    ErasedBuyersProjector,
    CouponsProjector,
    PayoutsProjector,
    PayoutPayees,
    MembershipsProjector,
    BundlesProjector,
    CommissionsProjector,
    LessonsOpenedProjector,
    CommerceRules,
  ],
  exports: [PaymentProviders],
})
export class CommerceModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(commerceEventTypes);
  }
}

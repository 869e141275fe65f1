// Public surface of the commerce domain.
export { CommerceModule } from './commerce.module.js';
export { CommerceHttpModule } from './commerce-http.module.js';
export { CommerceWorkerModule } from './commerce-worker.module.js';
export { ExpireOrder } from './commands/expire-order.js';
export { BillingJob, type ExpireOrderJobData } from './jobs/billing-jobs.js';
export { commerceEventTypes } from './domain/commerce-events.js';
export type {
  OrderPlaced,
  OrderPaid,
  PaymentFailed,
  OrderExpired,
  OrderItem,
  RefundDue,
  LatePaymentReceived,
  RefundRequested,
  RefundApproved,
  RefundRejected,
  OrderRefunded,
} from './domain/commerce-events.js';
export { HasAccess } from './queries/has-access.js';
export { IsBuyer } from './queries/is-buyer.js';
export { GetOrderReceipt } from './queries/get-order-receipt.js';
export { ReceiptPdf } from './http/receipt-pdf.js';
export { formatMoney, type Receipt, type ReceiptItem } from './domain/receipt.js';
export { GetAccessibleContentIds, GetOwnedContentIds } from './queries/get-accessible-content-ids.js';
export { GetMembershipCoverage, type MembershipCoverage } from './queries/get-membership-coverage.js';
export { GetMyAccess, type AccessView, type AccessGrantView } from './queries/get-my-access.js';
export { CommerceQuestionOffers1764750100000 } from './migrations/1764750100000-commerce-question-offers.js';
export { CommerceErasedBuyers1764800300000 } from './migrations/1764800300000-commerce-erased-buyers.js';
export { CommerceProviderCustomers1764671000000 } from './migrations/1764671000000-commerce-provider-customers.js';
export { CommercePayoutAccounts1764820000000 } from './migrations/1764820000000-commerce-payout-accounts.js';
export { CommercePayoutsReversed1764910000000 } from './migrations/1764910000000-commerce-payouts-reversed.js';
export { CommerceReconciledRefunds1764910100000 } from './migrations/1764910100000-commerce-reconciled-refunds.js';
export { CommerceReconciledChargebacks1764935000000 } from './migrations/1764935000000-commerce-reconciled-chargebacks.js';
export { CommerceWechatTransferBills1764936000000 } from './migrations/1764936000000-commerce-wechat-transfer-bills.js';
export { CommerceReconciledProviderFees1764941000000 } from './migrations/1764941000000-commerce-reconciled-provider-fees.js';
export { CommercePaymentProviders1764670000000 } from './migrations/1764670000000-commerce-payment-providers.js';
export { CommerceCommissions1764663000000 } from './migrations/1764663000000-commerce-commissions.js';
export { CommercePlanChanges1764664000000 } from './migrations/1764664000000-commerce-plan-changes.js';
export { CommerceLessonsOpened1764666000000 } from './migrations/1764666000000-commerce-lessons-opened.js';
export { CommerceChargebacks1764662000000 } from './migrations/1764662000000-commerce-chargebacks.js';
export { CommerceBundles1764661000000 } from './migrations/1764661000000-commerce-bundles.js';
export { CommerceMemberships1764660000000 } from './migrations/1764660000000-commerce-memberships.js';
export { Commerce1764201900000 } from './migrations/1764201900000-commerce.js';
export { CommerceOpenOrdersAndRefundsDue1764270000000 } from './migrations/1764270000000-commerce-open-orders-and-refunds-due.js';
export { CommerceOrderExpiry1764600000000 } from './migrations/1764600000000-commerce-order-expiry.js';
export { CommerceAccessGrants1764610000000 } from './migrations/1764610000000-commerce-access-grants.js';
export { CommerceRefunds1764620000000 } from './migrations/1764620000000-commerce-refunds.js';
export { CommerceLedgerEnforced1764630000000 } from './migrations/1764630000000-commerce-ledger-enforced.js';
export { CommerceCoupons1764640000000 } from './migrations/1764640000000-commerce-coupons.js';
export { CommercePayouts1764650000000 } from './migrations/1764650000000-commerce-payouts.js';
export { PlaceOrder, type PlacedOrder } from './commands/place-order.js';
export { RequestRefund } from './commands/request-refund.js';
export { RefundUndeliveredOrder } from './commands/refund-undelivered-order.js';
export { IssueCoupons, type CouponOffer } from './commands/issue-coupons.js';
export { ListCoupons, type CouponView } from './queries/list-coupons.js';
export { RequestPayout, DecidePayout, type PayoutDecision } from './commands/payouts.js';
export { GetCreatorEarnings, type CreatorEarnings } from './queries/get-creator-earnings.js';
export { ListPayouts, GetEarningsStatement, type PayoutView, type StatementLine } from './queries/payouts-and-statement.js';
export type { PayoutEvent, PayoutRequested, PayoutApproved, PayoutRejected, PayoutPaid, PayoutFailed } from './domain/payout-events.js';
export type { CouponEvent, CouponIssued, CouponRedeemed, CouponRedemptionReleased } from './domain/coupon-events.js';
export { DecideRefund, type RefundDecision } from './commands/decide-refund.js';
export { GetRefund, ListRefunds } from './queries/list-refunds.js';
export type { RefundView } from './queries/refund-view.js';
export { GetRefundsDue, type RefundDueView } from './queries/get-refunds-due.js';
export { ReceiveProviderEvent } from './commands/receive-provider-event.js';
export type { PaymentProvider, ProviderEvent, ProviderName } from './payments/payment-provider.js';
export { signSandboxPayload } from './payments/sandbox-signature.js';
export { CommerceUnlistedProducts1764900100000 } from './migrations/1764900100000-commerce-unlisted-products.js';

import { DomainError } from '#platform/domain';

const WEBHOOK_SIGNATURE_DETAILS = {
  malformed: 'The notification\'s signature is missing or malformed.',
  stale: 'The signature timestamp is outside the accepted window.',
  mismatch: 'The signature does not match the body.',
} as const;

export const CommerceErrors = {
  orderNotFound: () => new DomainError('COMMERCE.ORDER_NOT_FOUND', 'not_found', 'No such order.'),
  orderAlreadyPlaced: () => new DomainError('COMMERCE.ORDER_EXISTS', 'conflict', 'This order was already placed.'),
  emptyOrder: () => new DomainError('COMMERCE.EMPTY_ORDER', 'invalid', 'An order needs at least one item.'),
  notForSale: (contentIds: string[]) =>
    new DomainError('COMMERCE.CONTENT_NOT_FOR_SALE', 'invalid', `Not for sale: ${contentIds.join(', ')}.`, { contentIds }),
  alreadyOwned: (contentIds: string[]) =>
    new DomainError('COMMERCE.ALREADY_OWNED', 'conflict', `You already own: ${contentIds.join(', ')}.`, { contentIds }),
  ownContent: (contentIds: string[]) =>
    new DomainError('COMMERCE.CANNOT_BUY_OWN_CONTENT', 'invalid', `You created: ${contentIds.join(', ')}.`, { contentIds }),
  mixedCurrencies: () =>
    new DomainError('COMMERCE.MIXED_CURRENCIES', 'invalid', 'All items of one order must be priced in one currency.'),
  amountMismatch: () =>
    new DomainError('COMMERCE.PAYMENT_AMOUNT_MISMATCH', 'invalid', 'The paid amount or currency does not match the order.'),
  orderPending: (orderId: string, contentIds: string[]) =>
    new DomainError(
      'COMMERCE.ORDER_PENDING',
      'conflict',
      `You have an unpaid order (${orderId}) for: ${contentIds.join(', ')}. Pay it, or wait until it fails, before ordering these again.`,
      { orderId, contentIds },
    ),
  orderNotDue: (payableUntil: string | null) =>
    new DomainError(
      'COMMERCE.ORDER_NOT_DUE',
      'conflict',
      payableUntil ? `This order can be paid until ${payableUntil}; it does not expire before.` : 'This order has no payment deadline.',
      { payableUntil },
    ),
  orderNotPaid: () => new DomainError('COMMERCE.ORDER_NOT_PAID', 'conflict', 'This order has not been paid, so nothing can be refunded.'),
  refundWindowClosed: (closedAt: string) =>
    new DomainError('COMMERCE.REFUND_WINDOW_CLOSED', 'conflict', `Refunds for this order could be requested until ${closedAt}.`, {
      closedAt,
    }),
  refundInProgress: (refundId: string) =>
    new DomainError('COMMERCE.REFUND_IN_PROGRESS', 'conflict', `A refund of this order (${refundId}) is still being handled.`, {
      refundId,
    }),
  refundExceedsPayment: (refundableCents: number) =>
    new DomainError(
      'COMMERCE.REFUND_EXCEEDS_PAYMENT',
      'invalid',
      `At most ${refundableCents} (in the minor unit) of this payment can still be refunded.`,
      { refundableCents },
    ),
  refundNotFound: () => new DomainError('COMMERCE.REFUND_NOT_FOUND', 'not_found', 'No such refund.'),
  refundNotPending: (status: string) =>
    new DomainError('COMMERCE.REFUND_NOT_PENDING', 'conflict', `This refund is ${status}; it can no longer be decided.`, { status }),
  couponExists: () => new DomainError('COMMERCE.COUPON_EXISTS', 'conflict', 'This coupon was issued already.'),
  couponCodeTaken: (code: string) => new DomainError('COMMERCE.COUPON_CODE_TAKEN', 'conflict', `The code ${code} is in use already.`, { code }),
  couponTermsInvalid: (why: string) => new DomainError('COMMERCE.COUPON_TERMS_INVALID', 'invalid', `These coupon terms do not work: ${why}.`, { why }),
  couponNotFound: () => new DomainError('COMMERCE.COUPON_NOT_FOUND', 'not_found', 'No coupon has this code.'),
  couponNotValidNow: (validFrom: string, validTo: string | null) =>
    new DomainError(
      'COMMERCE.COUPON_NOT_VALID_NOW',
      'conflict',
      validTo ? `This coupon can be used from ${validFrom} until ${validTo}.` : `This coupon can be used from ${validFrom}.`,
      { validFrom, validTo },
    ),
  couponNotApplicable: () => new DomainError('COMMERCE.COUPON_NOT_APPLICABLE', 'invalid', 'This coupon does not apply to any of these items.'),
  couponExhausted: () => new DomainError('COMMERCE.COUPON_EXHAUSTED', 'conflict', 'This coupon has been used up.'),
  couponUsedUp: (perUserLimit: number) =>
    new DomainError('COMMERCE.COUPON_USED_UP', 'conflict', `You have used this coupon ${perUserLimit} time(s), as often as it allows.`, { perUserLimit }),
  payoutBelowMinimum: (minimumCents: number) =>
    new DomainError('COMMERCE.PAYOUT_BELOW_MINIMUM', 'invalid', `A payout must be at least ${minimumCents} (in the minor unit).`, { minimumCents }),
  payoutExceedsAvailable: (availableCents: number) =>
    new DomainError('COMMERCE.PAYOUT_EXCEEDS_AVAILABLE', 'invalid', `At most ${availableCents} (in the minor unit) is available to pay out.`, {
      availableCents,
    }),
  payoutAccountMissing: (provider: string) =>
    new DomainError('COMMERCE.PAYOUT_ACCOUNT_MISSING', 'conflict', `The creator has not said where ${provider} is to pay them.`, { provider }),
  payoutAccountNotEnabled: (provider: string) =>
    new DomainError('COMMERCE.PAYOUT_ACCOUNT_NOT_ENABLED', 'conflict', `${provider} says it cannot pay out to the creator's account there yet.`, { provider }),
  payoutPayeeNameMissing: (provider: string, fromCents: number) =>
    new DomainError(
      'COMMERCE.PAYOUT_PAYEE_NAME_MISSING',
      'conflict',
      `${provider} pays ${fromCents} (in the minor unit) or more only to a payee named with their real name; the creator's payout account has none.`,
      { provider, fromCents },
    ),
  payoutNotCancellable: (status: string) =>
    new DomainError(
      'COMMERCE.PAYOUT_NOT_CANCELLABLE',
      'conflict',
      `This payout is ${status}; only a payout whose transfer waits for its payee to confirm it can be cancelled.`,
      { status },
    ),
  payoutNotFound: () => new DomainError('COMMERCE.PAYOUT_NOT_FOUND', 'not_found', 'No such payout.'),
  payoutNotPending: (status: string) =>
    new DomainError('COMMERCE.PAYOUT_NOT_PENDING', 'conflict', `This payout is ${status}; it can no longer be decided.`, { status }),
  planNotFound: () => new DomainError('COMMERCE.PLAN_NOT_FOUND', 'not_found', 'No such membership plan.'),
  planRetired: () => new DomainError('COMMERCE.PLAN_RETIRED', 'conflict', 'This plan takes no new members.'),
  planTermsInvalid: (why: string) => new DomainError('COMMERCE.PLAN_TERMS_INVALID', 'invalid', `These plan terms do not work: ${why}.`, { why }),
  subscriptionNotFound: () => new DomainError('COMMERCE.SUBSCRIPTION_NOT_FOUND', 'not_found', 'No such subscription.'),
  subscriptionEnded: () => new DomainError('COMMERCE.SUBSCRIPTION_ENDED', 'conflict', 'This subscription has ended; subscribe again.'),
  subscriptionNotChangeable: () =>
    new DomainError(
      'COMMERCE.SUBSCRIPTION_NOT_CHANGEABLE',
      'conflict',
      'Only a paid, running subscription with no charge in flight changes plan: wait for the charge, or resume it first.',
    ),
  planChangeNotAllowed: () =>
    new DomainError('COMMERCE.PLAN_CHANGE_NOT_ALLOWED', 'invalid', 'A subscription moves only to another plan of the same owner, in the same currency.'),
  planChangePending: () =>
    new DomainError('COMMERCE.PLAN_CHANGE_PENDING', 'conflict', 'A change to another plan waits for its payment: pay it, or let it lapse, first.'),
  refundPolicyLessonsOpened: (contentIds: string[], maxPercent: number) =>
    new DomainError(
      'COMMERCE.REFUND_POLICY_LESSONS_OPENED',
      'conflict',
      `More than ${maxPercent} % of the lessons were opened, which the refund policy does not refund: ${contentIds.join(', ')}.`,
      { contentIds, maxPercent },
    ),
  staffGrantExists: () => new DomainError('COMMERCE.STAFF_GRANT_EXISTS', 'conflict', 'Another grant was made under this id.'),
  staffGrantNotFound: () => new DomainError('COMMERCE.STAFF_GRANT_NOT_FOUND', 'not_found', 'No such grant.'),
  staffGrantEndsInPast: () => new DomainError('COMMERCE.STAFF_GRANT_ENDS_IN_PAST', 'invalid', 'A grant must end in the future (or never).'),
  userNotFound: () => new DomainError('COMMERCE.USER_NOT_FOUND', 'not_found', 'No such user.'),
  alreadySubscribed: () => new DomainError('COMMERCE.ALREADY_SUBSCRIBED', 'conflict', 'You already have a subscription to that plan.'),
  subscriptionNotDue: (at: string) =>
    new DomainError('COMMERCE.SUBSCRIPTION_NOT_DUE', 'conflict', `Nothing is due before ${at}.`, { at }),
  commissionInvalid: () => new DomainError('COMMERCE.COMMISSION_INVALID', 'invalid', 'A commission is a whole number of basis points from 0 to 10000.'),
  bundleNotFound: () => new DomainError('COMMERCE.BUNDLE_NOT_FOUND', 'not_found', 'No such bundle.'),
  bundleRetired: () => new DomainError('COMMERCE.BUNDLE_RETIRED', 'conflict', 'This bundle is no longer sold.'),
  bundleTermsInvalid: (why: string) => new DomainError('COMMERCE.BUNDLE_TERMS_INVALID', 'invalid', `This bundle does not work: ${why}.`, { why }),
  noChargeOpen: () => new DomainError('COMMERCE.NO_CHARGE_OPEN', 'conflict', 'Nothing of this subscription is waiting to be paid.'),
  orderNotPayable: (status: string) =>
    new DomainError('COMMERCE.ORDER_NOT_PAYABLE', 'conflict', `This order is ${status}; only a pending order can be paid.`, { status }),
  subscriptionPaymentNotPaid: () =>
    new DomainError('COMMERCE.SUBSCRIPTION_PAYMENT_NOT_PAID', 'conflict', 'This membership payment has not been confirmed, so nothing can be taken back from it.'),
  paymentNotFound: () => new DomainError('COMMERCE.PAYMENT_NOT_FOUND', 'not_found', 'No order or membership has this payment.'),
  /** A notification whose signature does not verify: `reason` says why (malformed, stale, mismatch). */
  webhookSignature: (reason: 'malformed' | 'stale' | 'mismatch') =>
    new DomainError(`COMMERCE.WEBHOOK_SIGNATURE_${reason.toUpperCase()}`, 'unauthorized', WEBHOOK_SIGNATURE_DETAILS[reason]),
  paymentProviderNotFound: (provider: string) =>
    new DomainError('COMMERCE.PAYMENT_PROVIDER_NOT_FOUND', 'not_found', `No payment provider ${provider} is configured here.`, { provider }),
  receiptNotAvailable: (status: string) =>
    new DomainError('COMMERCE.RECEIPT_NOT_AVAILABLE', 'conflict', `This order is ${status}: only an order that was paid has a receipt.`, { status }),
};

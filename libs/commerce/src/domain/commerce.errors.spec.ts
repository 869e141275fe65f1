import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { CommerceErrors } from './commerce.errors.js';

describe('commerce refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(CommerceErrors.orderNotFound(), 'COMMERCE.ORDER_NOT_FOUND', 'not_found', 'No such order.');
    expectRefusal(CommerceErrors.orderAlreadyPlaced(), 'COMMERCE.ORDER_EXISTS', 'conflict', 'This order was already placed.');
    expectRefusal(CommerceErrors.emptyOrder(), 'COMMERCE.EMPTY_ORDER', 'invalid', 'An order needs at least one item.');
    expectRefusal(CommerceErrors.notForSale(['a', 'b']), 'COMMERCE.CONTENT_NOT_FOR_SALE', 'invalid', 'Not for sale: a, b.', { contentIds: ['a', 'b'] });
    expectRefusal(CommerceErrors.alreadyOwned(['a', 'b']), 'COMMERCE.ALREADY_OWNED', 'conflict', 'You already own: a, b.', { contentIds: ['a', 'b'] });
    expectRefusal(CommerceErrors.ownContent(['a', 'b']), 'COMMERCE.CANNOT_BUY_OWN_CONTENT', 'invalid', 'You created: a, b.', { contentIds: ['a', 'b'] });
    expectRefusal(CommerceErrors.mixedCurrencies(), 'COMMERCE.MIXED_CURRENCIES', 'invalid', 'All items of one order must be priced in one currency.');
    expectRefusal(CommerceErrors.amountMismatch(), 'COMMERCE.PAYMENT_AMOUNT_MISMATCH', 'invalid', 'The paid amount or currency does not match the order.');
    expectRefusal(
      CommerceErrors.orderPending('o-1', ['a', 'b']),
      'COMMERCE.ORDER_PENDING',
      'conflict',
      'You have an unpaid order (o-1) for: a, b. Pay it, or wait until it fails, before ordering these again.',
      { orderId: 'o-1', contentIds: ['a', 'b'] },
    );
    expectRefusal(
      CommerceErrors.orderNotDue('2026-11-28T12:30:00.000Z'),
      'COMMERCE.ORDER_NOT_DUE',
      'conflict',
      'This order can be paid until 2026-11-28T12:30:00.000Z; it does not expire before.',
      { payableUntil: '2026-11-28T12:30:00.000Z' },
    );
    expectRefusal(CommerceErrors.orderNotDue(null), 'COMMERCE.ORDER_NOT_DUE', 'conflict', 'This order has no payment deadline.', { payableUntil: null });
    expectRefusal(CommerceErrors.orderNotPaid(), 'COMMERCE.ORDER_NOT_PAID', 'conflict', 'This order has not been paid, so nothing can be refunded.');
    expectRefusal(CommerceErrors.refundWindowClosed('2026-12-05T00:00:00.000Z'), 'COMMERCE.REFUND_WINDOW_CLOSED', 'conflict', 'Refunds for this order could be requested until 2026-12-05T00:00:00.000Z.', { closedAt: '2026-12-05T00:00:00.000Z' });
    expectRefusal(CommerceErrors.refundInProgress('r1'), 'COMMERCE.REFUND_IN_PROGRESS', 'conflict', 'A refund of this order (r1) is still being handled.', { refundId: 'r1' });
    expectRefusal(CommerceErrors.refundExceedsPayment(250), 'COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid', 'At most 250 (in the minor unit) of this payment can still be refunded.', { refundableCents: 250 });
    expectRefusal(CommerceErrors.refundNotFound(), 'COMMERCE.REFUND_NOT_FOUND', 'not_found', 'No such refund.');
    expectRefusal(CommerceErrors.refundNotPending('rejected'), 'COMMERCE.REFUND_NOT_PENDING', 'conflict', 'This refund is rejected; it can no longer be decided.', { status: 'rejected' });
    expectRefusal(CommerceErrors.couponExists(), 'COMMERCE.COUPON_EXISTS', 'conflict', 'This coupon was issued already.');
    expectRefusal(CommerceErrors.couponCodeTaken('SPRING'), 'COMMERCE.COUPON_CODE_TAKEN', 'conflict', 'The code SPRING is in use already.', { code: 'SPRING' });
    expectRefusal(CommerceErrors.couponTermsInvalid('why'), 'COMMERCE.COUPON_TERMS_INVALID', 'invalid', 'These coupon terms do not work: why.', { why: 'why' });
    expectRefusal(CommerceErrors.couponNotFound(), 'COMMERCE.COUPON_NOT_FOUND', 'not_found', 'No coupon has this code.');
    expectRefusal(CommerceErrors.couponNotValidNow('A', 'B'), 'COMMERCE.COUPON_NOT_VALID_NOW', 'conflict', 'This coupon can be used from A until B.', { validFrom: 'A', validTo: 'B' });
    expectRefusal(CommerceErrors.couponNotValidNow('A', null), 'COMMERCE.COUPON_NOT_VALID_NOW', 'conflict', 'This coupon can be used from A.', { validFrom: 'A', validTo: null });
    expectRefusal(CommerceErrors.couponNotApplicable(), 'COMMERCE.COUPON_NOT_APPLICABLE', 'invalid', 'This coupon does not apply to any of these items.');
    expectRefusal(CommerceErrors.couponExhausted(), 'COMMERCE.COUPON_EXHAUSTED', 'conflict', 'This coupon has been used up.');
    expectRefusal(CommerceErrors.couponUsedUp(2), 'COMMERCE.COUPON_USED_UP', 'conflict', 'You have used this coupon 2 time(s), as often as it allows.', { perUserLimit: 2 });
    expectRefusal(CommerceErrors.payoutBelowMinimum(10_000), 'COMMERCE.PAYOUT_BELOW_MINIMUM', 'invalid', 'A payout must be at least 10000 (in the minor unit).', { minimumCents: 10_000 });
    expectRefusal(CommerceErrors.payoutExceedsAvailable(500), 'COMMERCE.PAYOUT_EXCEEDS_AVAILABLE', 'invalid', 'At most 500 (in the minor unit) is available to pay out.', { availableCents: 500 });
    expectRefusal(
      CommerceErrors.payoutPayeeNameMissing('wechatpay', 200_000),
      'COMMERCE.PAYOUT_PAYEE_NAME_MISSING',
      'conflict',
      "wechatpay pays 200000 (in the minor unit) or more only to a payee named with their real name; the creator's payout account has none.",
      { provider: 'wechatpay', fromCents: 200_000 },
    );
    expectRefusal(
      CommerceErrors.payoutAccountNotEnabled('stripe'),
      'COMMERCE.PAYOUT_ACCOUNT_NOT_ENABLED',
      'conflict',
      "stripe says it cannot pay out to the creator's account there yet.",
      { provider: 'stripe' },
    );
    expectRefusal(CommerceErrors.payoutNotFound(), 'COMMERCE.PAYOUT_NOT_FOUND', 'not_found', 'No such payout.');
    expectRefusal(
      CommerceErrors.payoutNotCancellable('paid'),
      'COMMERCE.PAYOUT_NOT_CANCELLABLE',
      'conflict',
      'This payout is paid; only a payout whose transfer waits for its payee to confirm it can be cancelled.',
      { status: 'paid' },
    );
    expectRefusal(CommerceErrors.payoutNotPending('paid'), 'COMMERCE.PAYOUT_NOT_PENDING', 'conflict', 'This payout is paid; it can no longer be decided.', { status: 'paid' });
    expectRefusal(
      CommerceErrors.subscriptionPaymentNotPaid(),
      'COMMERCE.SUBSCRIPTION_PAYMENT_NOT_PAID',
      'conflict',
      'This membership payment has not been confirmed, so nothing can be taken back from it.',
    );
    expectRefusal(CommerceErrors.paymentNotFound(), 'COMMERCE.PAYMENT_NOT_FOUND', 'not_found', 'No order or membership has this payment.');
    expectRefusal(CommerceErrors.commissionInvalid(), 'COMMERCE.COMMISSION_INVALID', 'invalid', 'A commission is a whole number of basis points from 0 to 10000.');
    expectRefusal(CommerceErrors.bundleNotFound(), 'COMMERCE.BUNDLE_NOT_FOUND', 'not_found', 'No such bundle.');
    expectRefusal(CommerceErrors.bundleRetired(), 'COMMERCE.BUNDLE_RETIRED', 'conflict', 'This bundle is no longer sold.');
    expectRefusal(CommerceErrors.bundleTermsInvalid('why'), 'COMMERCE.BUNDLE_TERMS_INVALID', 'invalid', 'This bundle does not work: why.', { why: 'why' });
    expectRefusal(CommerceErrors.planNotFound(), 'COMMERCE.PLAN_NOT_FOUND', 'not_found', 'No such membership plan.');
    expectRefusal(CommerceErrors.planRetired(), 'COMMERCE.PLAN_RETIRED', 'conflict', 'This plan takes no new members.');
    expectRefusal(CommerceErrors.planTermsInvalid('why'), 'COMMERCE.PLAN_TERMS_INVALID', 'invalid', 'These plan terms do not work: why.', { why: 'why' });
    expectRefusal(CommerceErrors.subscriptionNotFound(), 'COMMERCE.SUBSCRIPTION_NOT_FOUND', 'not_found', 'No such subscription.');
    expectRefusal(CommerceErrors.subscriptionEnded(), 'COMMERCE.SUBSCRIPTION_ENDED', 'conflict', 'This subscription has ended; subscribe again.');
    expectRefusal(
      CommerceErrors.subscriptionNotChangeable(),
      'COMMERCE.SUBSCRIPTION_NOT_CHANGEABLE',
      'conflict',
      'Only a paid, running subscription with no charge in flight changes plan: wait for the charge, or resume it first.',
    );
    expectRefusal(CommerceErrors.planChangeNotAllowed(), 'COMMERCE.PLAN_CHANGE_NOT_ALLOWED', 'invalid', 'A subscription moves only to another plan of the same owner, in the same currency.');
    expectRefusal(CommerceErrors.planChangePending(), 'COMMERCE.PLAN_CHANGE_PENDING', 'conflict', 'A change to another plan waits for its payment: pay it, or let it lapse, first.');
    expectRefusal(
      CommerceErrors.refundPolicyLessonsOpened(['c1'], 30),
      'COMMERCE.REFUND_POLICY_LESSONS_OPENED',
      'conflict',
      'More than 30 % of the lessons were opened, which the refund policy does not refund: c1.',
      { contentIds: ['c1'], maxPercent: 30 },
    );
    expectRefusal(CommerceErrors.staffGrantExists(), 'COMMERCE.STAFF_GRANT_EXISTS', 'conflict', 'Another grant was made under this id.');
    expectRefusal(CommerceErrors.staffGrantNotFound(), 'COMMERCE.STAFF_GRANT_NOT_FOUND', 'not_found', 'No such grant.');
    expectRefusal(CommerceErrors.staffGrantEndsInPast(), 'COMMERCE.STAFF_GRANT_ENDS_IN_PAST', 'invalid', 'A grant must end in the future (or never).');
    expectRefusal(CommerceErrors.userNotFound(), 'COMMERCE.USER_NOT_FOUND', 'not_found', 'No such user.');
    expectRefusal(CommerceErrors.alreadySubscribed(), 'COMMERCE.ALREADY_SUBSCRIBED', 'conflict', 'You already have a subscription to that plan.');
    expectRefusal(CommerceErrors.subscriptionNotDue('A'), 'COMMERCE.SUBSCRIPTION_NOT_DUE', 'conflict', 'Nothing is due before A.', { at: 'A' });
    expectRefusal(CommerceErrors.webhookSignature('malformed'), 'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED', 'unauthorized', "The notification's signature is missing or malformed.");
    expectRefusal(CommerceErrors.webhookSignature('stale'), 'COMMERCE.WEBHOOK_SIGNATURE_STALE', 'unauthorized', 'The signature timestamp is outside the accepted window.');
    expectRefusal(CommerceErrors.webhookSignature('mismatch'), 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH', 'unauthorized', 'The signature does not match the body.');
    expectRefusal(CommerceErrors.noChargeOpen(), 'COMMERCE.NO_CHARGE_OPEN', 'conflict', 'Nothing of this subscription is waiting to be paid.');
    expectRefusal(CommerceErrors.orderNotPayable('paid'), 'COMMERCE.ORDER_NOT_PAYABLE', 'conflict', 'This order is paid; only a pending order can be paid.', { status: 'paid' });
    expectRefusal(CommerceErrors.paymentProviderNotFound('paypal'), 'COMMERCE.PAYMENT_PROVIDER_NOT_FOUND', 'not_found', 'No payment provider paypal is configured here.', { provider: 'paypal' });
    expectRefusal(CommerceErrors.receiptNotAvailable('pending'), 'COMMERCE.RECEIPT_NOT_AVAILABLE', 'conflict', 'This order is pending: only an order that was paid has a receipt.', { status: 'pending' });
  });
});

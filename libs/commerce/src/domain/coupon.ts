import type { Decider } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';
import type { CouponEvent, CouponTerms } from './coupon-events.js';

export interface CouponRedemption {
  orderId: string;
  userId: string;
  released: boolean;
}

export type CouponState = { status: 'none' } | ({ status: 'issued'; redemptions: CouponRedemption[] } & CouponTerms);

export type CouponCommand =
  | ({ type: 'IssueCoupon' } & CouponTerms)
  | {
      type: 'RedeemCoupon';
      orderId: string;
      userId: string;
      now: string;
      /** Facts of the order: its currency, and what the coupon takes off it (0: nothing in scope). */
      orderCurrency: string;
      discountCents: number;
    }
  | { type: 'ReleaseRedemption'; orderId: string };

const active = (state: Extract<CouponState, { status: 'issued' }>) => state.redemptions.filter((redemption) => !redemption.released);

/** A coupon and who holds its redemptions. The limits hold under any concurrency: redemptions append at the version loaded. */
export const couponDecider: Decider<CouponState, CouponCommand, CouponEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'commerce.coupon-issued':
        return { status: 'issued', ...event.data, redemptions: [] };
      case 'commerce.coupon-redeemed':
        if (state.status === 'none') return state;
        return { ...state, redemptions: [...state.redemptions, { orderId: event.data.orderId, userId: event.data.userId, released: false }] };
      case 'commerce.coupon-redemption-released':
        if (state.status === 'none') return state;
        return {
          ...state,
          redemptions: state.redemptions.map((redemption) =>
            redemption.orderId === event.data.orderId ? { ...redemption, released: true } : redemption,
          ),
        };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueCoupon': {
        if (state.status !== 'none') throw CommerceErrors.couponExists();
        const { type: _type, ...terms } = command;
        if (terms.validTo !== null && Date.parse(terms.validTo) <= Date.parse(terms.validFrom)) throw CommerceErrors.couponTermsInvalid('validTo must be after validFrom');
        if (terms.discount.kind === 'percent' && (terms.discount.basisPoints <= 0 || terms.discount.basisPoints > 10_000)) {
          throw CommerceErrors.couponTermsInvalid('a percentage must be above 0 and at most 100');
        }
        if (terms.discount.kind === 'fixed' && terms.discount.amountCents <= 0) throw CommerceErrors.couponTermsInvalid('a fixed discount must be above 0');
        return [{ type: 'commerce.coupon-issued', data: terms }];
      }
      case 'RedeemCoupon': {
        if (state.status === 'none') throw CommerceErrors.couponNotFound();
        if (state.redemptions.some((redemption) => redemption.orderId === command.orderId && !redemption.released)) return [];
        const now = Date.parse(command.now);
        if (now < Date.parse(state.validFrom) || (state.validTo !== null && now >= Date.parse(state.validTo))) {
          throw CommerceErrors.couponNotValidNow(state.validFrom, state.validTo);
        }
        if (state.discount.kind === 'fixed' && state.discount.currency !== command.orderCurrency) throw CommerceErrors.couponNotApplicable();
        if (command.discountCents <= 0) throw CommerceErrors.couponNotApplicable();
        if (state.totalLimit !== null && active(state).length >= state.totalLimit) throw CommerceErrors.couponExhausted();
        const mine = active(state).filter((redemption) => redemption.userId === command.userId).length;
        if (state.perUserLimit !== null && mine >= state.perUserLimit) throw CommerceErrors.couponUsedUp(state.perUserLimit);
        return [
          {
            type: 'commerce.coupon-redeemed',
            data: { couponId: state.couponId, orderId: command.orderId, userId: command.userId, discountCents: command.discountCents },
          },
        ];
      }
      case 'ReleaseRedemption': {
        if (state.status === 'none') throw CommerceErrors.couponNotFound();
        const held = state.redemptions.some((redemption) => redemption.orderId === command.orderId && !redemption.released);
        return held ? [{ type: 'commerce.coupon-redemption-released', data: { couponId: state.couponId, orderId: command.orderId } }] : [];
      }
    }
  },
};

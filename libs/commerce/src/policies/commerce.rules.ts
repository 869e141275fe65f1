import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/**
 * Learners buy, subscribe and see their own orders and subscriptions; creators offer coupons and
 * plans over their own items; finance and admins see all orders, the ledger and the refunds due;
 * admins alone offer platform (VIP) plans.
 */
@Injectable()
@DefinesAbilities()
export class CommerceRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (!actor) return;
    if (actor.roles.includes('learner')) {
      can('create', 'Order');
      can('read', 'Order', { buyerId: actor.userId });
      can(['pay', 'requestRefund'], 'Order', { buyerId: actor.userId });
      can('create', 'Membership');
      can(['read', 'cancel', 'resume', 'change', 'pay'], 'Membership', { userId: actor.userId });
    }
    if (actor.roles.includes('creator')) {
      // Only for their own items: the handler works out whose items a coupon's scope covers.
      can('issue', 'Coupon', { scopeOwner: actor.userId });
      can('read', 'Coupon', { issuerId: actor.userId });
      can(['read', 'requestPayout'], 'Earnings', { creatorId: actor.userId });
      // Only over their own items: the handler works out whose items a plan's scope opens.
      can('create', 'Plan', { scopeOwner: actor.userId });
      can('retire', 'Plan', { ownerId: actor.userId });
      can(['create', 'retire'], 'Bundle', { creatorId: actor.userId });
    }
    if (actor.roles.includes('admin')) {
      can(['create', 'retire'], 'Plan');
      can('retire', 'Bundle');
      can(['grant', 'revoke', 'read'], 'AccessGrant');
    }
    if (actor.roles.includes('finance') || actor.roles.includes('admin')) {
      can(['issue', 'read'], 'Coupon');
      can(['read', 'decide'], 'Payout');
      can('read', 'Order');
      can(['read', 'reconcile'], 'Ledger');
      can('read', 'Receipt');
      can('read', 'RefundDue');
      can(['read', 'decide'], 'Refund');
      can(['read', 'set'], 'Commission');
    }
  }
}

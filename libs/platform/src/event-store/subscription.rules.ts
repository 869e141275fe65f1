import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, DefinesAbilities } from '../authz/ability.js';
import type { Actor } from '../authz/actor.js';

/** Operating the event subscriptions (lag, parked events, retries) is for admins. */
@Injectable()
@DefinesAbilities()
export class SubscriptionRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (actor?.roles.includes('admin')) can(['read', 'retry'], 'Subscription');
  }
}

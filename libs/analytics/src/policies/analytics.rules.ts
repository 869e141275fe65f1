import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/**
 * Creators read the analytics of their own items; finance and admins read all of it. Admins run
 * the data pipeline (cleansing reports, quarantine) and, with finance, the pricing optimiser.
 * Sending behaviour events needs no rule: anyone may, within the rate limits.
 */
@Injectable()
@DefinesAbilities()
export class AnalyticsRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (!actor) return;
    if (actor.roles.includes('creator')) can('read', 'Analytics', { creatorId: actor.userId });
    if (actor.roles.includes('finance') || actor.roles.includes('admin')) {
      can(['read'], ['Analytics', 'AssociationRules']);
      can('optimize', 'Pricing');
    }
    if (actor.roles.includes('admin')) can(['read', 'decide'], 'DataQuality');
  }
}

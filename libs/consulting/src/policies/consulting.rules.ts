import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/**
 * Learners ask (about items they may read, or experts for a price) and read the questions they
 * may see; creators answer questions on their items; experts and creators set a price for paid
 * questions and answer those asked of them. Which question is whose is checked by the handlers
 * against what they load (the decider refuses anyone but the expert asked).
 */
@Injectable()
@DefinesAbilities()
export class ConsultingRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (!actor) return;
    if (actor.roles.includes('learner')) can(['ask', 'read'], 'Question');
    if (actor.roles.includes('creator') || actor.roles.includes('expert')) {
      can(['read', 'answer'], 'Question');
      can('set', 'ExpertPrice');
    }
  }
}

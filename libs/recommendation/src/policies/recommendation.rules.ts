import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/** Who may operate the recommendation engine (rebuilds, runs, A/B experiments): admins. A learner's own list needs only a sign-in. */
@Injectable()
@DefinesAbilities()
export class RecommendationRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (!actor?.roles.includes('admin')) return;
    can(['rebuild', 'read'], 'Recommendation');
    can(['read', 'manage'], 'RecommendationExperiment');
  }
}

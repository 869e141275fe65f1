import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/** Who may do what to users. */
@Injectable()
@DefinesAbilities()
export class IdentityRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (!actor) return;
    can('read', 'User', { id: actor.userId });
    if (actor.roles.includes('admin')) {
      can('read', 'User');
      can('grantRoles', 'User');
      // Nobody suspends themselves (and so locks the last admin out by mistake).
      can('suspend', 'User', { id: { $ne: actor.userId } });
    }
  }
}

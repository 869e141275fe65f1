import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/** Who may do what to users. */
@Injectable()
@DefinesAbilities()
export class IdentityRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (!actor) return;
    can('read', 'User', { id: actor.userId });
    can('update', 'User', { id: actor.userId });
    if (actor.roles.includes('admin')) {
      can('read', 'User');
      can('search', 'User');
      can('read', 'SecurityAlert');
      // Nobody changes their own roles: an admin cannot make themselves more, nor undo the last admin by mistake.
      can('grantRoles', 'User', { id: { $ne: actor.userId } });
      can('revokeRoles', 'User', { id: { $ne: actor.userId } });
      // Nobody suspends themselves (and so locks the last admin out by mistake).
      can('suspend', 'User', { id: { $ne: actor.userId } });
    }
  }
}

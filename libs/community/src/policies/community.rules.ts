import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/**
 * Who moderates the community: moderators and admins, never on their own posts (`authorId`).
 * Writing comments, likes, reviews and reports needs only a signed-in user: the handlers scope
 * each to its caller and check the item (entitlement for lessons, purchase for reviews).
 */
@Injectable()
@DefinesAbilities()
export class CommunityRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (actor?.roles.includes('moderator') || actor?.roles.includes('admin')) {
      can('read', 'CommunityQueue');
      can('moderate', 'CommunityPost', { authorId: { $ne: actor.userId } });
    }
  }
}

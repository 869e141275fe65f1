import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/**
 * Anyone signed in may follow (and mute), read their own inbox and write direct messages; the handlers scope
 * each to the caller and the decider says whom they may write to (a creator they bought from).
 */
@Injectable()
@DefinesAbilities()
export class SocialRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (!actor) return;
    can('follow', 'FollowTarget');
    can('mute', 'FollowTarget');
    can('read', 'Notification');
    can('message', 'Conversation');
  }
}

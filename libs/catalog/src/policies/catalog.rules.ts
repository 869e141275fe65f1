import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/**
 * Who may do what to contents. Field names are those of the read model (`status`, `creatorId`)
 * plus `entitled`, which the detail query sets from commerce before checking `readLessons`.
 */
@Injectable()
@DefinesAbilities()
export class CatalogRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    can('read', 'Content', { status: 'published' });
    if (!actor) return;
    can('readLessons', 'Content', { entitled: true });
    // Progress is kept for a learner enrolled in the item: entitled to it now.
    if (actor.roles.includes('learner')) can('learn', 'Content', { entitled: true, status: 'published' });
    if (actor.roles.includes('creator')) {
      can('create', 'Content');
      can(['read', 'submit', 'readLessons', 'classify'], 'Content', { creatorId: actor.userId });
    }
    if (actor.roles.includes('moderator') || actor.roles.includes('admin')) {
      can(['read', 'readLessons'], 'Content');
      // Four eyes: nobody approves or rejects their own work.
      can('moderate', 'Content', { creatorId: { $ne: actor.userId } });
    }
    if (actor.roles.includes('admin')) {
      can('classify', 'Content');
      can('manage', 'Category');
    }
  }
}

import { Injectable } from '@nestjs/common';
import { LEARNABLE_STATUSES } from '../domain/catalog-events.js';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, Clock, DefinesAbilities } from '#platform';

/**
 * Who may do what to contents. Field names are those of the read model (`status`, `creatorId`)
 * plus `entitled`, which the queries set from commerce before checking `readLessons`.
 *
 * A `Lesson` is one lesson of a content the caller may read, with `preview`, `entitled`,
 * `creatorId` and `unlocksAt` (drip release: when it opens for this caller, from their enrolment).
 * Its rules are evaluated in SQL (LessonAccess), at the clock's time when the ability is built.
 * A `LiveSession` is a live item's schedule: the join link goes to entitled learners around the time.
 */
@Injectable()
@DefinesAbilities()
export class CatalogRules implements AbilityRules {
  constructor(private readonly clock: Clock) {}

  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    const now = this.clock.now();
    can('read', 'Content', { status: 'published' });
    can('readLesson', 'Lesson', { preview: true });
    if (!actor) return;
    can('readLessons', 'Content', { entitled: true });
    can('readLesson', 'Lesson', { entitled: true, unlocksAt: { $lte: now.toISOString() } });
    can('join', 'LiveSession', { entitled: true, joinOpensAt: { $lte: now.toISOString() }, endsAt: { $gt: now.toISOString() } });
    // Progress is kept for a learner enrolled in the item: entitled to it now. An item taken off the
    // catalogue stays open to whoever holds it (buyers never lose what they paid for).
    if (actor.roles.includes('learner')) can('learn', 'Content', { entitled: true, status: { $in: [...LEARNABLE_STATUSES] } });
    if (actor.roles.includes('creator')) {
      can('create', 'Content');
      can(['read', 'submit', 'revise', 'readLessons', 'readRevision', 'classify', 'unpublish'], 'Content', { creatorId: actor.userId });
      can('readLesson', 'Lesson', { creatorId: actor.userId });
      can('join', 'LiveSession', { creatorId: actor.userId });
    }
    if (actor.roles.includes('moderator') || actor.roles.includes('admin')) {
      can(['read', 'readLessons', 'readRevision'], 'Content');
      can('readLesson', 'Lesson');
      // Four eyes: nobody approves or rejects their own work.
      can('moderate', 'Content', { creatorId: { $ne: actor.userId } });
    }
    if (actor.roles.includes('admin')) {
      can('classify', 'Content');
      can('manage', 'Category');
    }
  }
}

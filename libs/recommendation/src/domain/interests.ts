import type { Decider } from '#platform/domain';
import type { InterestsStated } from './recommendation-events.js';
import { RecommendationErrors } from './recommendation.errors.js';

/** The most categories a learner may state as their interests (after duplicates are collapsed). */
export const MAX_INTERESTS = 10;

/** The categories a learner chose, in id order (their order means nothing to the popular fill); none before a first statement. */
export interface InterestsState {
  readonly categoryIds: readonly string[];
}

/** States the learner's interests anew: the whole list replaces the one before. `known` is every category that exists now. */
export interface StateInterests {
  readonly type: 'StateInterests';
  readonly userId: string;
  readonly categoryIds: readonly string[];
  readonly known: ReadonlySet<string>;
}

/** The ids once each, lower-cased and in order: the same choice always reads the same. */
export function normalisedCategoryIds(categoryIds: readonly string[]): string[] {
  return [...new Set(categoryIds.map((id) => id.toLowerCase()))].sort();
}

/**
 * A learner's interests, one stream per learner: existing categories only, at most MAX_INTERESTS
 * of them, duplicates collapsed. Stating what is already stated writes nothing, so a repeated
 * request (or 30 at once) leaves one event.
 */
export const interestsDecider: Decider<InterestsState, StateInterests, InterestsStated> = {
  initialState: () => ({ categoryIds: [] }),

  evolve: (_state, event) => ({ categoryIds: event.data.categoryIds }),

  decide({ userId, categoryIds, known }, state) {
    const chosen = normalisedCategoryIds(categoryIds);
    const unknown = chosen.filter((id) => !known.has(id));
    if (unknown.length > 0) throw RecommendationErrors.unknownCategories(unknown);
    if (chosen.length > MAX_INTERESTS) throw RecommendationErrors.tooManyInterests(MAX_INTERESTS);
    if (chosen.length === state.categoryIds.length && chosen.every((id, at) => id === state.categoryIds[at])) return [];
    return [{ type: 'recommendation.interests-stated', data: { userId, categoryIds: chosen } }];
  },
};

/** The stream a learner's interests are decided on. */
export function interestsStream(userId: string): { streamId: string; streamType: string } {
  return { streamId: `recommendation-interests-${userId}`, streamType: 'recommendation-interests' };
}

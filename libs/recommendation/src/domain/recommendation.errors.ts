import { DomainError } from '#platform/domain';

export const RecommendationErrors = {
  rebuildForbidden: () =>
    new DomainError('RECOMMENDATION.REBUILD_FORBIDDEN', 'forbidden', 'You may not rebuild recommendations.'),
};

import { DomainError } from '#platform/domain';

export const RecommendationErrors = {
  contentNotFound: () => new DomainError('RECOMMENDATION.CONTENT_NOT_FOUND', 'not_found', 'No such published content.'),
};

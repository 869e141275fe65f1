import { DomainError } from '#platform/domain';

export const RecommendationErrors = {
  contentNotFound: () => new DomainError('RECOMMENDATION.CONTENT_NOT_FOUND', 'not_found', 'No such published content.'),
  experimentExists: () => new DomainError('RECOMMENDATION.EXPERIMENT_EXISTS', 'conflict', 'An experiment with this id exists.'),
  experimentRunning: (runningId: string) =>
    new DomainError('RECOMMENDATION.EXPERIMENT_RUNNING', 'conflict', `Experiment ${runningId} is running; stop it first.`, { runningExperimentId: runningId }),
  experimentVariants: (problem: string) => new DomainError('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid', `The experiment is not valid: ${problem}.`),
  experimentNotFound: () => new DomainError('RECOMMENDATION.EXPERIMENT_NOT_FOUND', 'not_found', 'No such experiment.'),
  unknownCategories: (categoryIds: readonly string[]) =>
    new DomainError('RECOMMENDATION.UNKNOWN_CATEGORY', 'invalid', `No such category: ${categoryIds.join(', ')}.`, { categoryIds: [...categoryIds] }),
  tooManyInterests: (max: number) => new DomainError('RECOMMENDATION.TOO_MANY_INTERESTS', 'invalid', `At most ${max} categories may be chosen as interests.`, { max }),
  experimentStopped: () => new DomainError('RECOMMENDATION.EXPERIMENT_STOPPED', 'conflict', 'The experiment is stopped already.'),
};

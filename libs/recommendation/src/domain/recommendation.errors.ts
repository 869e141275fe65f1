import { DomainError } from '#platform/domain';

export const RecommendationErrors = {
  contentNotFound: () => new DomainError('RECOMMENDATION.CONTENT_NOT_FOUND', 'not_found', 'No such published content.'),
  experimentExists: () => new DomainError('RECOMMENDATION.EXPERIMENT_EXISTS', 'conflict', 'An experiment with this id exists.'),
  experimentRunning: (runningId: string) =>
    new DomainError('RECOMMENDATION.EXPERIMENT_RUNNING', 'conflict', `Experiment ${runningId} is running; stop it first.`, { runningExperimentId: runningId }),
  experimentVariants: (problem: string) => new DomainError('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid', `The experiment is not valid: ${problem}.`),
  experimentNotFound: () => new DomainError('RECOMMENDATION.EXPERIMENT_NOT_FOUND', 'not_found', 'No such experiment.'),
  experimentStopped: () => new DomainError('RECOMMENDATION.EXPERIMENT_STOPPED', 'conflict', 'The experiment is stopped already.'),
};

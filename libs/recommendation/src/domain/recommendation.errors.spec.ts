import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { RecommendationErrors } from './recommendation.errors.js';

describe('recommendation refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(RecommendationErrors.contentNotFound(), 'RECOMMENDATION.CONTENT_NOT_FOUND', 'not_found', 'No such published content.');
    expectRefusal(RecommendationErrors.experimentExists(), 'RECOMMENDATION.EXPERIMENT_EXISTS', 'conflict', 'An experiment with this id exists.');
    expectRefusal(RecommendationErrors.experimentRunning('x'), 'RECOMMENDATION.EXPERIMENT_RUNNING', 'conflict', 'Experiment x is running; stop it first.', {
      runningExperimentId: 'x',
    });
    expectRefusal(RecommendationErrors.experimentVariants('the shares add up to 100'), 'RECOMMENDATION.EXPERIMENT_INVALID', 'invalid', 'The experiment is not valid: the shares add up to 100.');
    expectRefusal(RecommendationErrors.experimentNotFound(), 'RECOMMENDATION.EXPERIMENT_NOT_FOUND', 'not_found', 'No such experiment.');
    expectRefusal(RecommendationErrors.experimentStopped(), 'RECOMMENDATION.EXPERIMENT_STOPPED', 'conflict', 'The experiment is stopped already.');
    expectRefusal(RecommendationErrors.unknownCategories(['c', 'd']), 'RECOMMENDATION.UNKNOWN_CATEGORY', 'invalid', 'No such category: c, d.', {
      categoryIds: ['c', 'd'],
    });
    expectRefusal(RecommendationErrors.tooManyInterests(10), 'RECOMMENDATION.TOO_MANY_INTERESTS', 'invalid', 'At most 10 categories may be chosen as interests.', { max: 10 });
  });
});

import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { RecommendationErrors } from './recommendation.errors.js';

describe('recommendation refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(RecommendationErrors.contentNotFound(), 'RECOMMENDATION.CONTENT_NOT_FOUND', 'not_found', 'No such published content.');
  });
});

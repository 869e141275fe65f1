import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { ASSIGNMENT_BUCKETS, assignmentBucket, assignVariant, type ExperimentCommand, type ExperimentVariant, experimentsDecider } from './experiments.js';
import type { ExperimentEvent } from './recommendation-events.js';

const { given } = deciderSpec(experimentsDecider);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ADMIN = id(900);
const split: ExperimentVariant[] = [
  { model: 'hybrid', share: 50 },
  { model: 'user-knn', share: 50 },
];
const create = (n: number, variants: ExperimentVariant[] = split, conversionWindowHours = 168): ExperimentCommand => ({
  type: 'CreateExperiment',
  experimentId: id(n),
  name: `Experiment ${n}`,
  variants,
  conversionWindowHours,
  createdBy: ADMIN,
});
const created = (n: number, variants: ExperimentVariant[] = split): ExperimentEvent => ({
  type: 'recommendation.experiment-created',
  data: { experimentId: id(n), name: `Experiment ${n}`, variants, conversionWindowHours: 168, createdBy: ADMIN },
});
const stop = (n: number): ExperimentCommand => ({ type: 'StopExperiment', experimentId: id(n), stoppedBy: ADMIN });
const stopped = (n: number): ExperimentEvent => ({ type: 'recommendation.experiment-stopped', data: { experimentId: id(n), stoppedBy: ADMIN } });

describe('experimentsDecider', () => {
  describe('CreateExperiment', () => {
    it('given none, when creating, then it runs', () => given([]).when(create(1)).then([created(1)]));
    it('given one stopped, when creating another, then it runs', () => given([created(1), stopped(1)]).when(create(2)).then([created(2)]));
    it('given a 90/10 split, when creating, then the shares are kept', () => {
      const uneven: ExperimentVariant[] = [
        { model: 'user-knn', share: 10 },
        { model: 'hybrid', share: 90 },
      ];
      given([]).when(create(1, uneven)).then([created(1, uneven)]);
    });
    it('given one running, when creating another, then it is refused (409)', () => {
      const error = given([created(1)]).when(create(2)).thenRefuses('RECOMMENDATION.EXPERIMENT_RUNNING', 'conflict');
      expect(error.details).toEqual({ runningExperimentId: id(1) });
    });
    it('given an experiment with that id, when creating it again, then it is refused', () =>
      given([created(1), stopped(1)]).when(create(1)).thenRefuses('RECOMMENDATION.EXPERIMENT_EXISTS', 'conflict'));
    it('given none, when both variants serve one model, then it is refused', () =>
      given([]).when(create(1, [{ model: 'hybrid', share: 50 }, { model: 'hybrid', share: 50 }])).thenRefuses('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid'));
    it('given none, when the shares do not add up to 100, then it is refused', () =>
      given([]).when(create(1, [{ model: 'hybrid', share: 50 }, { model: 'user-knn', share: 40 }])).thenRefuses('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid'));
    it('given none, when a share is 0 or not whole, then it is refused', () => {
      given([]).when(create(1, [{ model: 'hybrid', share: 0 }, { model: 'user-knn', share: 100 }])).thenRefuses('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid');
      given([]).when(create(1, [{ model: 'hybrid', share: 50.5 }, { model: 'user-knn', share: 49.5 }])).thenRefuses('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid');
    });
    it('given none, when there are not exactly two variants, then it is refused', () =>
      given([]).when(create(1, [{ model: 'hybrid', share: 100 }])).thenRefuses('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid'));
    it('given none, when a variant names an unknown model, then it is refused', () =>
      given([])
        .when(create(1, [{ model: 'ease' as 'hybrid', share: 50 }, { model: 'user-knn', share: 50 }]))
        .thenRefuses('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid'));
    it('given none, when the conversion window is out of range, then it is refused', () => {
      given([]).when(create(1, split, 0)).thenRefuses('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid');
      given([]).when(create(1, split, 721)).thenRefuses('RECOMMENDATION.EXPERIMENT_INVALID', 'invalid');
    });
  });

  describe('StopExperiment', () => {
    it('given one running, when stopping it, then it stops', () => given([created(1)]).when(stop(1)).then([stopped(1)]));
    it('given none with that id, when stopping, then it is not found', () =>
      given([created(1)]).when(stop(2)).thenRefuses('RECOMMENDATION.EXPERIMENT_NOT_FOUND', 'not_found'));
    it('given it stopped, when stopping again, then it is refused', () =>
      given([created(1), stopped(1)]).when(stop(1)).thenRefuses('RECOMMENDATION.EXPERIMENT_STOPPED', 'conflict'));
  });
});

describe('assignVariant', () => {
  const users = Array.from({ length: 4000 }, (_, n) => id(10_000 + n));

  it('gives a learner the same variant every time', () => {
    for (const user of users.slice(0, 50)) expect(new Set(Array.from({ length: 5 }, () => assignVariant(id(1), user, split).model)).size).toBe(1);
  });

  it('splits a population by the shares (50/50 and 90/10 within 3 points)', () => {
    const share = (variants: ExperimentVariant[]) => users.filter((user) => assignVariant(id(1), user, variants) === variants[0]).length / users.length;
    expect(Math.abs(share(split) - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(share([{ model: 'user-knn', share: 90 }, { model: 'hybrid', share: 10 }]) - 0.9)).toBeLessThan(0.03);
  });

  it('shuffles learners anew in another experiment', () => {
    const same = users.filter((user) => assignVariant(id(1), user, split) === assignVariant(id(2), user, split)).length / users.length;
    expect(Math.abs(same - 0.5)).toBeLessThan(0.05);
  });

  it('keeps buckets in range and ignores the case of the ids', () => {
    for (const user of users.slice(0, 100)) {
      const bucket = assignmentBucket(id(1), user);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(ASSIGNMENT_BUCKETS);
      expect(assignmentBucket(id(1).toUpperCase(), user.toUpperCase())).toBe(bucket);
    }
  });
});

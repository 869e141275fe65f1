import type { Decider } from '#platform/domain';
import { SERVED_MODELS, type ServedModel } from './ranking.js';
import type { ExperimentCreated, ExperimentEvent } from './recommendation-events.js';
import { RecommendationErrors } from './recommendation.errors.js';

/** One arm of an A/B experiment: the model it serves and the percentage of learners it gets. */
export interface ExperimentVariant {
  readonly model: ServedModel;
  readonly share: number;
}

export interface ExperimentSummary {
  readonly variants: readonly ExperimentVariant[];
  readonly status: 'running' | 'stopped';
}

/** Every experiment ever created (one stream holds them all, so "one running at a time" is decided on one version). */
export interface ExperimentsState {
  readonly experiments: ReadonlyMap<string, ExperimentSummary>;
  readonly running: string | null;
}

export type ExperimentCommand =
  | {
      readonly type: 'CreateExperiment';
      readonly experimentId: string;
      readonly name: string;
      readonly variants: readonly ExperimentVariant[];
      readonly conversionWindowHours: number;
      readonly createdBy: string;
    }
  | { readonly type: 'StopExperiment'; readonly experimentId: string; readonly stoppedBy: string };

/** How long after an item was first shown a paid order for it counts as a conversion, by default (7 days). */
export const DEFAULT_CONVERSION_WINDOW_HOURS = 168;
export const MAX_CONVERSION_WINDOW_HOURS = 720;

/**
 * A/B experiments between two served models: at most one running at a time (a second is refused
 * while one runs), two variants of different models whose whole-percent shares add up to 100,
 * and a stopped experiment stays stopped.
 */
export const experimentsDecider: Decider<ExperimentsState, ExperimentCommand, ExperimentEvent> = {
  initialState: () => ({ experiments: new Map(), running: null }),

  evolve(state, event) {
    const experiments = new Map(state.experiments);
    switch (event.type) {
      case 'recommendation.experiment-created':
        experiments.set(event.data.experimentId, { variants: event.data.variants, status: 'running' });
        return { experiments, running: event.data.experimentId };
      case 'recommendation.experiment-stopped':
        experiments.set(event.data.experimentId, { ...experiments.get(event.data.experimentId)!, status: 'stopped' });
        return { experiments, running: state.running === event.data.experimentId ? null : state.running };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateExperiment': {
        const { experimentId, name, variants, conversionWindowHours, createdBy } = command;
        if (state.experiments.has(experimentId)) throw RecommendationErrors.experimentExists();
        if (state.running !== null) throw RecommendationErrors.experimentRunning(state.running);
        if (variants.length !== 2) throw RecommendationErrors.experimentVariants('an experiment has exactly two variants');
        for (const { model, share } of variants) {
          if (!(SERVED_MODELS as readonly string[]).includes(model)) throw RecommendationErrors.experimentVariants(`unknown model ${model}`);
          if (!Number.isInteger(share) || share < 1 || share > 99) throw RecommendationErrors.experimentVariants('each share is a whole percentage from 1 to 99');
        }
        if (variants[0]!.model === variants[1]!.model) throw RecommendationErrors.experimentVariants('the two variants serve the same model');
        if (variants[0]!.share + variants[1]!.share !== 100) throw RecommendationErrors.experimentVariants('the shares add up to 100');
        if (!Number.isInteger(conversionWindowHours) || conversionWindowHours < 1 || conversionWindowHours > MAX_CONVERSION_WINDOW_HOURS) {
          throw RecommendationErrors.experimentVariants(`the conversion window is 1 to ${MAX_CONVERSION_WINDOW_HOURS} hours`);
        }
        const created: ExperimentCreated = {
          type: 'recommendation.experiment-created',
          data: { experimentId, name, variants: variants.map(({ model, share }) => ({ model, share })), conversionWindowHours, createdBy },
        };
        return [created];
      }
      case 'StopExperiment': {
        const experiment = state.experiments.get(command.experimentId);
        if (!experiment) throw RecommendationErrors.experimentNotFound();
        if (experiment.status === 'stopped') throw RecommendationErrors.experimentStopped();
        return [{ type: 'recommendation.experiment-stopped', data: { experimentId: command.experimentId, stoppedBy: command.stoppedBy } }];
      }
    }
  },
};

/** Buckets per experiment: a share of p % is the buckets below p·100. */
export const ASSIGNMENT_BUCKETS = 10_000;

/**
 * The variant a learner gets in an experiment: a pure function of (experiment id, user id), so
 * the same learner always gets the same variant, and another experiment shuffles learners anew.
 * The bucket is FNV-1a (32 bit) of `<experimentId>:<userId>` mixed by MurmurHash3's finaliser,
 * modulo 10,000; the first variant takes the buckets below its share·100.
 */
export function assignVariant(experimentId: string, userId: string, variants: readonly ExperimentVariant[]): ExperimentVariant {
  const bucket = assignmentBucket(experimentId, userId);
  return bucket < variants[0]!.share * (ASSIGNMENT_BUCKETS / 100) ? variants[0]! : variants[1]!;
}

export function assignmentBucket(experimentId: string, userId: string): number {
  const key = `${experimentId.toLowerCase()}:${userId.toLowerCase()}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // FNV's low bits follow the last characters closely; the finaliser spreads every input bit.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % ASSIGNMENT_BUCKETS;
}

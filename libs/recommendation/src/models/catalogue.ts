import { contentBased, type ItemTerms } from './content-based.js';
import { ease } from './ease.js';
import { hybrid } from './hybrid.js';
import { itemKnn } from './item-knn.js';
import type { ModelSpec } from './model.js';
import { popularity } from './popularity.js';
import { rp3beta } from './rp3beta.js';
import { userKnn } from './user-knn.js';

/** The collaborative models, at the settings the evaluation and the worker use. */
export const ITEM_KNN = itemKnn({ k: 100, shrink: 0 });
export const RP3BETA = rp3beta({ k: 100, alpha: 1, beta: 0.5 });
export const USER_KNN = userKnn({ k: 50 });
export const EASE = ease({ lambda: 70, dropout: 0.25 });

/**
 * The model the worker serves and the evaluation's last row: EASE, RP3β and (with the items'
 * terms) the content model, blended with weights chosen on a validation split of the data it is
 * trained on. Both call this one function, so what is measured is what is served.
 */
export function servingModel(options: { seed: number; termsOf: ((item: number) => ItemTerms) | undefined }): ModelSpec {
  const content = options.termsOf && contentBased(options.termsOf);
  return hybrid([EASE, RP3BETA, ...(content ? [content] : [])], { seed: options.seed, holdout: 0.2, validationUsers: 1000, step: 0.1 });
}

/**
 * Every model the offline evaluation compares, in the order of its report. The content model
 * and the hybrid need the items' terms (`termsOf(item index)`); without them they are left out.
 */
export function evaluationModels(options: { seed: number; termsOf: ((item: number) => ItemTerms) | undefined }): ModelSpec[] {
  const content = options.termsOf && contentBased(options.termsOf);
  return [
    popularity,
    ITEM_KNN,
    USER_KNN,
    RP3BETA,
    ease({ lambda: 300, dropout: 0 }),
    ease({ lambda: 70, dropout: 0 }),
    EASE,
    ...(content ? [content] : []),
    servingModel(options),
  ];
}

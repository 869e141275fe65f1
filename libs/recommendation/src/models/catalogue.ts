import { contentBased, type ItemTerms } from './content-based.js';
import { ease } from './ease.js';
import { hybrid } from './hybrid.js';
import { itemKnn } from './item-knn.js';
import type { ModelSpec } from './model.js';
import { popularity } from './popularity.js';
import { rp3beta } from './rp3beta.js';
import { userKnn } from './user-knn.js';

/** Neighbours RP3β keeps per item. */
const RP3BETA_K = 100;

/** The collaborative models, at the settings the evaluation and the worker use. */
export const ITEM_KNN = itemKnn({ k: 100, shrink: 0 });
export const RP3BETA = rp3beta({ k: RP3BETA_K, alpha: 1, beta: 0.5 });
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

/** Which serving model a batch trains, and why, as its run record shows it. */
export interface ModelChoice {
  /** `ease`: the hybrid with EASE; `sparse`: RP3β and the content model alone (top-k neighbours in typed arrays). */
  readonly kind: 'ease' | 'sparse';
  readonly reason: string;
}

/**
 * EASE's multiply-adds on a users × items matrix, as the batch would pay them: the dense inverse on
 * the smaller side (n³/2, Cholesky), then the neighbourhood pass, one scoring per item (the primal
 * reads a row of the items × items weights; the dual costs users² per item).
 */
export function easeWork(users: number, items: number): number {
  const n = Math.min(users, items);
  return n ** 3 / 2 + (items <= users ? items * items : items * users * users);
}

/**
 * The serving model the data's size allows: the hybrid with EASE while EASE's work stays within
 * `easeMaxWork` multiply-adds, else the sparse hybrid of RP3β and the content model, whose cost
 * grows with the co-occurrences (Σ over users of their items²) rather than a cube of the catalogue,
 * and whose memory is k neighbours per item. A small catalogue always gets the EASE hybrid.
 */
export function chooseServingModel(
  shape: { users: number; items: number },
  options: { seed: number; termsOf: ((item: number) => ItemTerms) | undefined; easeMaxWork: number },
): ModelChoice & { spec: ModelSpec } {
  const work = easeWork(shape.users, shape.items);
  const n = Math.min(shape.users, shape.items);
  const inverse = `a ${n}×${n} inverse (${megabytes(8 * n * n)})`;
  if (work <= options.easeMaxWork) {
    return { kind: 'ease', reason: `EASE fits: ~${scientific(work)} multiply-adds and ${inverse}, within ${scientific(options.easeMaxWork)}`, spec: servingModel(options) };
  }
  const content = options.termsOf && contentBased(options.termsOf);
  return {
    kind: 'sparse',
    reason:
      `sparse models (RP3β${content ? ' + content' : ''}, top ${RP3BETA_K} neighbours per item): EASE on ${shape.users} users × ${shape.items} items ` +
      `would need ~${scientific(work)} multiply-adds and ${inverse}, over ${scientific(options.easeMaxWork)}`,
    spec: hybrid([RP3BETA, ...(content ? [content] : [])], { seed: options.seed, holdout: 0.2, validationUsers: 1000, step: 0.1 }),
  };
}


const scientific = (value: number) => value.toExponential(1).replace('e+', 'e');
const megabytes = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.ceil(bytes / 1e6)} MB`);

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

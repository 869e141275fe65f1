import { ease } from './ease.js';
import { itemKnn } from './item-knn.js';
import type { ModelSpec } from './model.js';
import { popularity } from './popularity.js';
import { rp3beta } from './rp3beta.js';

export interface ContentSources {
  readonly books: string;
  readonly genres: string | undefined;
}

/** Every model the offline evaluation compares, in the order of its report. */
export function evaluationModels(_options: { seed: number; content: ContentSources | undefined; itemIds: readonly string[] }): ModelSpec[] {
  return [
    popularity,
    itemKnn({ k: 100, shrink: 0 }),
    rp3beta({ k: 100, alpha: 1, beta: 0.5 }),
    ease({ lambda: 300, dropout: 0 }),
    ease({ lambda: 70, dropout: 0 }),
    ease({ lambda: 70, dropout: 0.25 }),
  ];
}

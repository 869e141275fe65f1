import { type ContentParams, DEFAULT_CONTENT_PARAMS, type ItemTerms, postingsOf, sharedTermsOf, similarityRow, tfIdf } from './content-based.js';
import { ItemNeighbours } from './item-neighbours.js';

/** A content neighbour row: `item`'s neighbour `neighbour`, their cosine and the terms both carry (the evidence shown). */
export interface ContentNeighbour {
  readonly item: number;
  readonly neighbour: number;
  readonly similarity: number;
  readonly shared: string[];
}

/** What one item published since the last batch gets, computed alone by the batch's content model. */
export interface NewItemNeighbours {
  /** Its content neighbours, best first; a similarity resting on the creator alone is not kept (nothing to show), as in the batch. */
  readonly content: ContentNeighbour[];
  /** The same pairs the other way round: the new item as a neighbour of each of those items. */
  readonly reverse: ContentNeighbour[];
  /** Its neighbourhood under the served model: `weight` × similarity / best similarity over the content model's best `neighbours`. */
  readonly model: { readonly neighbour: number; readonly score: number }[];
}

/**
 * The content neighbours of one item among `documents` (every published item's terms, the item
 * included), with the batch's own code: TF-IDF over the whole catalogue (`tfIdf`), the item's
 * cosine row (`similarityRow`), its k best (`ItemNeighbours.bestOf`) cut to `neighbours`, and the
 * shared terms (`sharedTermsOf`). So the rows equal those the next batch writes for it, as long as
 * the catalogue does not change meanwhile. Costs one TF-IDF pass and one row, not the catalogue's
 * every row.
 *
 * Its neighbourhood under the served hybrid: an item nobody interacted with gets nothing from the
 * collaborative parts (EASE and RP3β score it 0), and the hybrid rescales its content part to
 * `weight` at the best neighbour, so the neighbourhood is weight / best similarity × similarity
 * (none when the weight is 0).
 */
export function newItemNeighbours(
  documents: readonly ItemTerms[],
  item: number,
  options: { readonly neighbours: number; readonly sharedTerms: number; readonly weight: number },
  params: ContentParams = DEFAULT_CONTENT_PARAMS,
): NewItemNeighbours {
  const { vectors, terms } = tfIdf(documents, params.maxDocumentShare);
  const row = new Float64Array(documents.length);
  const touched = similarityRow(vectors, postingsOf(vectors), item, row, params.threshold);
  const best = [...ItemNeighbours.bestOf(item, params.k, touched, row)].slice(0, options.neighbours);
  const content: ContentNeighbour[] = [];
  const reverse: ContentNeighbour[] = [];
  for (const other of best) {
    const shared = sharedTermsOf(vectors, terms, item, other, options.sharedTerms);
    if (shared.length === 0) continue;
    content.push({ item, neighbour: other, similarity: row[other]!, shared });
    reverse.push({ item: other, neighbour: item, similarity: row[other]!, shared: sharedTermsOf(vectors, terms, other, item, options.sharedTerms) });
  }
  // As Hybrid.blend computes it: the part's weight over its best score, times the score.
  const scale = best.length === 0 ? 0 : options.weight / row[best[0]!]!;
  const model = scale > 0 ? best.map((other) => ({ neighbour: other, score: scale * row[other]! })) : [];
  return { content, reverse, model };
}

/**
 * The weight of the content part in the batch's served model, from its name
 * (`hybrid(0.60·ease(…) + 0.30·rp3beta(…) + 0.10·content(…))`, as `hybrid()` names it once its
 * weights are chosen); 0 when content has none (a young platform, where nobody has the five
 * interactions the weights are chosen on and EASE serves alone): the model then gives an item
 * without interactions no neighbourhood, whether the batch saw it or not.
 */
export function contentWeightOf(modelName: string | null): number {
  return Number(/(\d+(?:\.\d+)?)·content\(/.exec(modelName ?? '')?.[1] ?? 0);
}

import type { History, Interactions } from './interactions.js';
import { ItemNeighbours } from './item-neighbours.js';
import { HistoryModel, type ModelSpec } from './model.js';

/** An item's content as terms: words of its title and summary, and `tag:…`, `category:…`, `creator:…` features. */
export type ItemTerms = readonly string[];

export interface ContentParams {
  readonly k: number;
  /** Neighbours less similar than this are not kept. */
  readonly threshold: number;
  /**
   * Terms on more than this share of the items are ignored: they say little (their IDF is near
   * zero) and would make the similarity pass quadratic in the catalogue.
   */
  readonly maxDocumentShare: number;
}

export const DEFAULT_CONTENT_PARAMS: ContentParams = { k: 50, threshold: 0.05, maxDocumentShare: 0.1 };

/**
 * Content-based: TF-IDF vectors of the items' terms (L2-normalised), cosine similarity, the k
 * most similar items above a threshold. Needs no interaction, so it serves new items and explains
 * a pick by the terms two items share. `termsOf(item)` gives the terms of an item index.
 */
export function contentBased(termsOf: (item: number) => ItemTerms, params: ContentParams = DEFAULT_CONTENT_PARAMS): ModelSpec {
  const name = `content(k=${params.k},threshold=${params.threshold})`;
  // It reads no interaction, only the items' terms: trained once per catalogue, however often the
  // spec is trained (a hybrid trains its parts on a validation split, then on all the data).
  let trained: { items: number; parts: ContentParts } | undefined;
  return {
    name,
    train: (data) => {
      if (trained?.items !== data.items) trained = { items: data.items, parts: contentParts(data.items, termsOf, params) };
      return new ContentBased(data, name, trained.parts);
    },
  };
}

/** What the content model learns from the terms: the TF-IDF vectors, the term of each id, the neighbours. */
interface ContentParts {
  readonly vectors: Map<number, number>[];
  readonly terms: string[];
  readonly neighbours: ItemNeighbours;
}

function contentParts(items: number, termsOf: (item: number) => ItemTerms, params: ContentParams): ContentParts {
  const { vectors, terms } = tfIdf(Array.from({ length: items }, (_, item) => termsOf(item)), params.maxDocumentShare);
  const postings = postingsOf(vectors);
  const neighbours = ItemNeighbours.build(items, params.k, (item, into) => similarityRow(vectors, postings, item, into, params.threshold));
  return { vectors, terms, neighbours };
}

/** Inverted index of TF-IDF vectors: term → (item, weight). */
export function postingsOf(vectors: readonly Map<number, number>[]): Map<number, { item: number; weight: number }[]> {
  const postings = new Map<number, { item: number; weight: number }[]>();
  vectors.forEach((vector, item) => {
    for (const [term, weight] of vector) {
      const list = postings.get(term);
      if (list) list.push({ item, weight });
      else postings.set(term, [{ item, weight }]);
    }
  });
  return postings;
}

/**
 * Item's cosine similarity to every item sharing a term with it, added into the dense `into`
 * (left zero elsewhere; below `threshold` set back to zero); returns the items it touched.
 */
export function similarityRow(
  vectors: readonly Map<number, number>[],
  postings: ReadonlyMap<number, readonly { item: number; weight: number }[]>,
  item: number,
  into: Float64Array,
  threshold: number,
): number[] {
  const touched: number[] = [];
  for (const [term, weight] of vectors[item]!) {
    for (const posting of postings.get(term)!) {
      if (into[posting.item] === 0) touched.push(posting.item);
      into[posting.item]! += weight * posting.weight;
    }
  }
  for (const other of touched) if (into[other]! < threshold) into[other] = 0;
  return touched;
}

/**
 * The terms items a and b both carry that count in their similarity, the heaviest first: the
 * evidence of a "similar" reason. Creator features are left out (an id says nothing to a reader).
 */
export function sharedTermsOf(vectors: readonly Map<number, number>[], terms: readonly string[], a: number, b: number, max: number): string[] {
  const other = vectors[b]!;
  return [...vectors[a]!]
    .filter(([term]) => other.has(term) && !terms[term]!.startsWith('creator:'))
    .map(([term, weight]) => ({ term: terms[term]!, weight: weight * other.get(term)! }))
    .sort((x, y) => y.weight - x.weight || (x.term < y.term ? -1 : 1))
    .slice(0, max)
    .map(({ term }) => term.replace(/^(tag|category):/, ''));
}

export class ContentBased extends HistoryModel {
  readonly neighbours: ItemNeighbours;
  private readonly vectors: Map<number, number>[];
  private readonly terms: string[];

  constructor(
    data: Interactions,
    readonly name: string,
    parts: ContentParts,
  ) {
    super(data);
    this.vectors = parts.vectors;
    this.terms = parts.terms;
    this.neighbours = parts.neighbours;
  }

  scoreHistory(history: History, out: Float64Array): void {
    this.neighbours.score(history, out);
  }

  /** The terms items a and b both carry that count in their similarity, the heaviest first (`sharedTermsOf`). */
  sharedTerms(a: number, b: number, max: number): string[] {
    return sharedTermsOf(this.vectors, this.terms, a, b, max);
  }
}

/**
 * In a catalogue this small a term is kept whatever its share: the share rule is there to keep the
 * similarity pass from going quadratic, and with a handful of items it would drop every term.
 */
const SMALL_CATALOGUE = 10;

/** Sparse TF-IDF vectors, term ids → weight, each of unit length (empty for an item without terms), and the term of each id. */
export function tfIdf(documents: readonly ItemTerms[], maxDocumentShare: number): { vectors: Map<number, number>[]; terms: string[] } {
  const termIds = new Map<string, number>();
  const counts = documents.map((terms) => {
    const tf = new Map<number, number>();
    for (const term of terms) {
      let id = termIds.get(term);
      if (id === undefined) termIds.set(term, (id = termIds.size));
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    return tf;
  });
  const documentFrequency = new Float64Array(termIds.size);
  for (const tf of counts) for (const id of tf.keys()) documentFrequency[id]!++;
  const n = documents.length;
  const vectors = counts.map((tf) => {
    const vector = new Map<number, number>();
    let norm = 0;
    for (const [id, count] of tf) {
      if (documentFrequency[id]! > Math.max(maxDocumentShare * n, SMALL_CATALOGUE)) continue;
      const weight = (1 + Math.log(count)) * Math.log(n / documentFrequency[id]!);
      if (weight <= 0) continue;
      vector.set(id, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    for (const [id, weight] of vector) vector.set(id, weight / norm);
    return vector;
  });
  return { vectors, terms: [...termIds.keys()] };
}

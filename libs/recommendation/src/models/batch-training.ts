import { chooseServingModel, type ModelChoice } from './catalogue.js';
import { coPurchaseNeighbours, type NeighbourTable } from './co-purchases.js';
import { ContentBased, contentBased, type ItemTerms } from './content-based.js';
import { Hybrid } from './hybrid.js';
import { Interactions } from './interactions.js';
import { neighbourhoods } from './neighbourhoods.js';
import { type UserNeighbourTable, userNeighbours } from './user-neighbours.js';
import { interactionWeight, signalBit } from '../domain/signals.js';

/**
 * What the worker's batch trains on, as plain typed arrays so it can be handed to a worker thread:
 * purchase `at` is (pairUser[at], pairItem[at]), over every content id bought or published
 * (`items`, in content id order); signal `at` is the other kinds of feedback a user gave an item,
 * (signalUser[at], signalItem[at]) with signalMask[at] the `signalBit`s of its kinds. A user's
 * interaction with an item weighs the declared weights of its kinds, summed (`interactionWeight`):
 * that is what every model trains on. Only the published items (`published[item]` is their index
 * among them, else -1) are recommended by the model; co-purchases count purchases of them all.
 */
export interface BatchTrainingInput {
  readonly users: number;
  readonly items: number;
  readonly pairUser: Int32Array;
  readonly pairItem: Int32Array;
  readonly signalUser: Int32Array;
  readonly signalItem: Int32Array;
  readonly signalMask: Int32Array;
  /** Each user's rank in user id order: user-kNN's ties go to the lower id, as in SQL. */
  readonly userOrder: Int32Array;
  /** Neighbour learners kept per learner for user-kNN. */
  readonly userNeighbours: number;
  /** Items with more learners are left out when finding those neighbours; default USER_KNN_MAX_ITEM_LEARNERS. */
  readonly userKnnMaxItemLearners?: number;
  readonly published: Int32Array;
  /** The terms of each published item, by its index among them. */
  readonly terms: readonly ItemTerms[];
  readonly seed: number;
  /** The most multiply-adds EASE may cost before the sparse models serve instead (RECOMMENDATION_EASE_MAX_WORK). */
  readonly easeMaxWork: number;
  /** Neighbours kept per item, of the model and of the content model. */
  readonly neighbours: number;
  /** Shared terms a `similar` reason shows at most. */
  readonly sharedTerms: number;
}

export type { NeighbourTable };

export interface BatchTrainingOutput {
  /** Each item's items most bought together with it (indices over every item), with the counts. */
  readonly coPurchase: NeighbourTable & { readonly coPurchases: Int32Array };
  /** The model with the weights its validation split chose. */
  readonly name: string;
  readonly choice: ModelChoice;
  /**
   * The serving model's neighbourhood of every published item (the one-item history's best scores),
   * by published index, with how many learners bought both: the evidence a pick is served with.
   */
  readonly model: NeighbourTable & { readonly coPurchases: Int32Array };
  /** The content model's neighbours that share a term worth showing, and those terms. */
  /**
   * The content model's neighbours that share a term worth showing, and those terms: row r's are
   * `sharedTerms.split(ROW_SEPARATOR)[r].split(TERM_SEPARATOR)`. One string, because hundreds of
   * thousands of small arrays cost seconds to copy between threads, on the worker's event loop.
   */
  readonly content: NeighbourTable & { readonly sharedTerms: string };
  /** Every user's nearest users (user-kNN over the weighted interactions with published items), by the input's user numbers. */
  readonly users: UserNeighbourTable;
}

/** Between the shared terms of two rows, and between two terms of a row (neither occurs in a term: words are letters and digits). */
export const ROW_SEPARATOR = '\u0000';
export const TERM_SEPARATOR = '\u0001';

/** Share of the work done (0–1) and what is being done. */
export type TrainingProgress = (done: number, step: string) => void;

/** Shares of the work at scale: co-purchases done, models trained; the neighbourhood pass the rest. */
const CO_PURCHASED = 0.15;
const TRAINED = 0.6;
/** Where the item neighbourhoods end and every learner's user-kNN neighbours start (at scale they cost as much as the rest). */
const NEIGHBOURHOODS_DONE = 0.7;

/**
 * Trains the serving model the data's size allows (`chooseServingModel`) and computes every
 * item's neighbourhoods under it and under the content model. Pure and synchronous: the worker
 * runs it on a worker thread, so its event loop (and BullMQ's lock renewal) keeps running.
 */
export function trainBatch(input: BatchTrainingInput, progress: TrainingProgress = () => undefined): BatchTrainingOutput {
  progress(0, 'co-purchase neighbours');
  const coPurchase = coPurchaseNeighbours(input.users, input.items, input.pairUser, input.pairItem, input.neighbours);
  progress(CO_PURCHASED, 'indexing interactions');
  const { data, bought, userNumbers } = weightedInteractions(input);
  const published = input.terms.length;
  const termsOf = (item: number) => input.terms[item]!;
  const choice = chooseServingModel({ users: data.users, items: data.items }, { seed: input.seed, termsOf, easeMaxWork: input.easeMaxWork });
  progress(CO_PURCHASED + 0.02, `training ${choice.kind === 'ease' ? 'EASE, RP3β and the content model' : 'RP3β and the content model (sparse)'}`);
  const model = choice.spec.train(data);
  // The hybrid's own content component when it has one (the same model, trained once), else its own.
  const content = (model instanceof Hybrid && model.components.find((c): c is ContentBased => c instanceof ContentBased)) || (contentBased(termsOf).train(data) as ContentBased);
  progress(TRAINED, 'neighbourhoods');

  const modelTable = emptyTable(published, input.neighbours);
  let filled = 0;
  let item = 0;
  const every = Math.max(1, Math.floor(published / 100));
  for (const { neighbours } of neighbourhoods(model, data, input.neighbours, range(published))) {
    for (const neighbour of neighbours) {
      modelTable.neighbours[filled] = neighbour.item;
      modelTable.scores[filled++] = neighbour.score;
    }
    modelTable.start[++item] = filled;
    if (item % every === 0) progress(TRAINED + ((NEIGHBOURHOODS_DONE - TRAINED) * item) / published, 'neighbourhoods');
  }

  // The learners who BOUGHT both (a co-purchase reason's count), whatever else the model learnt from.
  const modelCoPurchases = coPurchasesOf(bought, modelTable.start, modelTable.neighbours);

  const contentTable = emptyTable(published, input.neighbours);
  const shared: string[] = [];
  let kept = 0;
  for (let i = 0; i < published; i++) {
    for (const { item: other, similarity } of content.neighbours.neighboursOf(i).slice(0, input.neighbours)) {
      const terms = content.sharedTerms(i, other, input.sharedTerms);
      // A similarity resting on the creator alone has nothing to show a reader: not kept.
      if (terms.length === 0) continue;
      contentTable.neighbours[kept] = other;
      contentTable.scores[kept++] = similarity;
      shared.push(terms.join(TERM_SEPARATOR));
    }
    contentTable.start[i + 1] = kept;
  }
  progress(NEIGHBOURHOODS_DONE, 'user-kNN neighbours');
  const ranked = userNeighbours(data, input.userNeighbours, Int32Array.from(userNumbers, (user) => input.userOrder[user]!), (done) =>
    progress(NEIGHBOURHOODS_DONE + (1 - NEIGHBOURHOODS_DONE) * done, 'user-kNN neighbours'),
    input.userKnnMaxItemLearners,
  );
  const users = usersOf(ranked, userNumbers, input.users);
  progress(1, 'trained');
  return {
    users,
    coPurchase,
    name: model.name,
    choice: { kind: choice.kind, reason: choice.reason },
    model: { ...trimmed(modelTable, filled), coPurchases: modelCoPurchases.slice(0, filled) },
    content: { ...trimmed(contentTable, kept), sharedTerms: shared.join(ROW_SEPARATOR) },
  };
}

/** For each row (a, b) of a neighbour table, how many users have both a and b. Σ over users of their items², in typed arrays. */
function coPurchasesOf(data: Interactions, start: Int32Array, neighbours: Int32Array): Int32Array {
  const counts = new Int32Array(neighbours.length);
  const co = new Int32Array(data.items);
  const touched: number[] = [];
  for (let a = 0; a < data.items; a++) {
    if (start[a] === start[a + 1]) continue;
    for (let x = data.itemStart[a]!; x < data.itemStart[a + 1]!; x++) {
      const user = data.itemUsers[x]!;
      for (let y = data.userStart[user]!; y < data.userStart[user + 1]!; y++) {
        const b = data.userItems[y]!;
        if (co[b] === 0) touched.push(b);
        co[b]!++;
      }
    }
    for (let at = start[a]!; at < start[a + 1]!; at++) counts[at] = co[neighbours[at]!]!;
    for (const b of touched) co[b] = 0;
    touched.length = 0;
  }
  return counts;
}

/**
 * The model's matrix: published items only, and the users with an interaction with one (purchasers
 * first, in purchase order, then users with other signals only), each (user, item) weighing the
 * declared weights of its kinds summed. `bought` is the same matrix of purchases alone, weight 1
 * (`data` itself when there are no other signals); `userNumbers[rank]` is a matrix user's number in the input.
 */
export function weightedInteractions(input: BatchTrainingInput): { data: Interactions; bought: Interactions; userNumbers: Int32Array } {
  const published = input.terms.length;
  const userRank = new Int32Array(input.users).fill(-1);
  const userNumbers: number[] = [];
  const rankOf = (user: number) => {
    if (userRank[user] === -1) {
      userRank[user] = userNumbers.length;
      userNumbers.push(user);
    }
    return userRank[user]!;
  };
  const purchase = signalBit('purchase');
  const masks = new Map<number, number>();
  const purchases: [number, number, number][] = [];
  for (let at = 0; at < input.pairUser.length; at++) {
    const item = input.published[input.pairItem[at]!]!;
    if (item < 0) continue;
    const user = rankOf(input.pairUser[at]!);
    purchases.push([user, item, 1]);
    masks.set(user * published + item, purchase);
  }
  for (let at = 0; at < input.signalUser.length; at++) {
    const item = input.published[input.signalItem[at]!]!;
    if (item < 0) continue;
    const key = rankOf(input.signalUser[at]!) * published + item;
    masks.set(key, (masks.get(key) ?? 0) | input.signalMask[at]!);
  }
  const users = userNumbers.length;
  const entries: [number, number, number][] = [];
  for (const [key, mask] of masks) {
    const weight = interactionWeight(mask);
    if (weight > 0) entries.push([Math.floor(key / published), key % published, weight]);
  }
  const data = Interactions.from(users, published, entries);
  const bought = input.signalUser.length === 0 ? data : Interactions.from(users, published, purchases);
  return { data, bought, userNumbers: Int32Array.from(userNumbers) };
}

/** The user neighbour table by the input's user numbers (users outside the matrix have none). */
function usersOf(table: UserNeighbourTable, userNumbers: Int32Array, users: number): UserNeighbourTable {
  const start = new Int32Array(users + 1);
  const counts = new Int32Array(users);
  for (let rank = 0; rank < userNumbers.length; rank++) counts[userNumbers[rank]!] = table.start[rank + 1]! - table.start[rank]!;
  for (let u = 0; u < users; u++) start[u + 1] = start[u]! + counts[u]!;
  const neighbours = new Int32Array(table.neighbours.length);
  const similarities = new Float64Array(table.neighbours.length);
  for (let rank = 0; rank < userNumbers.length; rank++) {
    const to = start[userNumbers[rank]!]!;
    for (let at = table.start[rank]!, n = 0; at < table.start[rank + 1]!; at++, n++) {
      neighbours[to + n] = userNumbers[table.neighbours[at]!]!;
      similarities[to + n] = table.similarities[at]!;
    }
  }
  return { start, neighbours, similarities };
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

function emptyTable(items: number, k: number): { start: Int32Array; neighbours: Int32Array; scores: Float64Array } {
  return { start: new Int32Array(items + 1), neighbours: new Int32Array(items * k), scores: new Float64Array(items * k) };
}

function trimmed(table: NeighbourTable, size: number): NeighbourTable {
  return { start: table.start, neighbours: table.neighbours.slice(0, size), scores: table.scores.slice(0, size) };
}

import type { QueryRunner } from 'typeorm';
import { itemTerms } from '../content/terms.js';
import { NEIGHBOURS_PER_ITEM } from '../domain/ranking.js';
import { Worker } from 'node:worker_threads';
import { type BatchTrainingInput, type BatchTrainingOutput, ROW_SEPARATOR, TERM_SEPARATOR, trainBatch, type TrainingProgress } from '../models/batch-training.js';
import type { ModelChoice } from '../models/catalogue.js';
import { signalBitSql } from '../domain/signals.js';
import { USER_KNN_NEIGHBOURS } from '../domain/ranking.js';

/** The seed of the hybrid's validation split in the worker: a batch over the same data chooses the same weights. */
const SERVING_SEED = 1;
/** Shared terms a `similar` reason shows at most. */
export const SHARED_TERMS = 5;
/** A purchase as read: the user's uuid (16 bytes), the item's index (int4). */
const PAIR_BYTES = 20;
/** A learner's other signals for an item as read: the user's uuid, the item's index, the mask of their kinds (int4). */
const SIGNAL_BYTES = 24;

export interface ModelNeighbourRow {
  readonly contentId: string;
  readonly neighbourId: string;
  readonly score: number;
}

/** A row of the serving model's neighbourhoods, with the learners who bought both as the batch read them. */
export interface ServedNeighbourRow extends ModelNeighbourRow {
  readonly coPurchases: number;
}

export interface ContentNeighbourRow extends ModelNeighbourRow {
  readonly shared: string[];
}

export interface CoPurchaseRow extends ModelNeighbourRow {
  readonly coPurchases: number;
}

/** The serving model and the content model trained on the platform's data, ready to be written a slice at a time. */
export interface TrainedServingModel {
  /** The model with the weights its validation split chose, e.g. `hybrid(0.60·ease(…) + 0.30·rp3beta(…) + 0.10·content(…))`. */
  readonly name: string;
  /** Whether EASE or the sparse models serve, and why (the data's size). */
  readonly choice: ModelChoice;
  /** Every published content id, ascending as PostgreSQL orders uuids: the order the batch writes them in. */
  readonly contentIds: readonly string[];
  rowsOf(contentIds: readonly string[]): { model: ServedNeighbourRow[]; content: ContentNeighbourRow[] };
  /** Every purchased content id (published or not), ascending: the co-purchase phase walks these. */
  readonly purchasedContentIds: readonly string[];
  coPurchaseRowsOf(contentIds: readonly string[]): CoPurchaseRow[];
  /** When the data trained on was read: user-kNN neighbours stored with it never replace fresher ones. */
  readonly readAt: Date;
  /** How many learners have user-kNN neighbours, and theirs for learners [from, to) of them. */
  readonly learners: number;
  userNeighbourRowsOf(from: number, to: number): UserNeighbourRow[];
}

/** A learner's user-kNN neighbours, best first, as the batch computed them. */
export interface UserNeighbourRow {
  readonly userId: string;
  readonly neighbourIds: string[];
  readonly similarities: number[];
}

export interface ItemRow {
  contentId: string;
  title: string;
  summary: string;
  tags: string[];
  category: string | null;
  creatorId: string;
}

/** Every published item with what the content model reads of it, in content id order (the batch's item indices). */
export const PUBLISHED_ITEMS_SQL = `SELECT i.content_id AS "contentId", i.title, i.summary, i.tags || coalesce(c.tags, '{}') AS tags,
        cat.name AS category, i.creator_id AS "creatorId"
   FROM rec_items i
   LEFT JOIN rec_item_classes c ON c.content_id = i.content_id
   LEFT JOIN rec_categories cat ON cat.category_id = c.category_id
  ORDER BY i.content_id`;

/** An item's terms for the content model, as the batch and a new item's neighbours both take them. */
export function termsOfItem(item: ItemRow): string[] {
  return itemTerms({ title: item.title, summary: item.summary, tags: [...new Set(item.tags)], category: item.category ?? undefined, creator: item.creatorId });
}

/**
 * Reads the published items and the purchases (each statement its own short transaction: nothing
 * here holds the event store's xmin horizon back while the model trains), then trains, on a worker
 * thread, the model the data's size allows (`chooseServingModel`: the hybrid `npm run reco:eval`
 * measures, or its sparse form), and every learner's user-kNN neighbours. The interactions are the
 * purchases and the other signals, weighted as `domain/signals.ts` declares (co-purchases count
 * purchases only). Purchases and signals arrive as one bytea each of fixed-size records, not a
 * million row objects.
 */
export async function trainServingModel(
  session: QueryRunner,
  options: { easeMaxWork: number; userKnnMaxItemLearners?: number | undefined; progress: TrainingProgress },
): Promise<TrainedServingModel> {
  const items: ItemRow[] = await session.query(PUBLISHED_ITEMS_SQL);
  // Every content id bought or published, in uuid order (a bought one may not be published, or no longer).
  // Purchases in the table's physical order (a plain scan's), so users are numbered as they come: the
  // hybrid's validation sample is drawn over user numbers, and the same data gives the same weights.
  // The other signals (completions, high ratings, views: domain/signals.ts), one record per learner and item with the mask of its kinds.
  const [{ contentIds, pairs, signals, readAt }]: [{ contentIds: string[]; pairs: Buffer | null; signals: Buffer | null; readAt: Date }] = await session.query(
    `WITH ids AS (
       SELECT content_id, (row_number() OVER (ORDER BY content_id))::int - 1 AS item
         FROM (SELECT content_id FROM rec_items UNION SELECT DISTINCT content_id FROM rec_purchases) every_id
     )
     SELECT (SELECT coalesce(array_agg(content_id ORDER BY item), '{}') FROM ids) AS "contentIds",
            (SELECT string_agg(uuid_send(p.user_id) || int4send(ids.item), ''::bytea ORDER BY p.ctid)
               FROM rec_purchases p JOIN ids ON ids.content_id = p.content_id) AS pairs,
            (SELECT string_agg(uuid_send(s.user_id) || int4send(ids.item) || int4send(s.mask), ''::bytea ORDER BY s.user_id, ids.item)
               FROM (SELECT user_id, content_id, bit_or(${signalBitSql('kind')}) AS mask FROM rec_signals WHERE active GROUP BY user_id, content_id) s
               JOIN ids ON ids.content_id = s.content_id) AS signals,
            now() AS "readAt"`,
  );
  const count = pairs ? pairs.length / PAIR_BYTES : 0;
  const pairUser = new Int32Array(count);
  const pairItem = new Int32Array(count);
  const userNumbers = new Map<string, number>();
  for (let at = 0; at < count; at++) {
    const user = pairs!.toString('latin1', PAIR_BYTES * at, PAIR_BYTES * at + 16);
    let number = userNumbers.get(user);
    if (number === undefined) userNumbers.set(user, (number = userNumbers.size));
    pairUser[at] = number;
    pairItem[at] = pairs!.readInt32BE(PAIR_BYTES * at + 16);
  }
  const signalCount = signals ? signals.length / SIGNAL_BYTES : 0;
  const signalUser = new Int32Array(signalCount);
  const signalItem = new Int32Array(signalCount);
  const signalMask = new Int32Array(signalCount);
  for (let at = 0; at < signalCount; at++) {
    const user = signals!.toString('latin1', SIGNAL_BYTES * at, SIGNAL_BYTES * at + 16);
    let number = userNumbers.get(user);
    if (number === undefined) userNumbers.set(user, (number = userNumbers.size));
    signalUser[at] = number;
    signalItem[at] = signals!.readInt32BE(SIGNAL_BYTES * at + 16);
    signalMask[at] = signals!.readInt32BE(SIGNAL_BYTES * at + 20);
  }
  const users = userNumbers.size;
  // Learners by number, as uuids, and each one's rank in uuid order (user-kNN's ties go to the lower id).
  const userIds = new Array<string>(users);
  for (const [key, number] of userNumbers) userIds[number] = uuidOf(key);
  userNumbers.clear();
  const userOrder = new Int32Array(users);
  Int32Array.from({ length: users }, (_, n) => n)
    .sort((a, b) => (userIds[a]! < userIds[b]! ? -1 : 1))
    .forEach((number, rank) => (userOrder[number] = rank));
  const itemIndex = new Map(items.map((item, at) => [item.contentId, at]));
  const published = Int32Array.from(contentIds, (id) => itemIndex.get(id) ?? -1);
  const purchased = new Uint8Array(contentIds.length);
  for (const item of pairItem) purchased[item] = 1;
  const terms = items.map(termsOfItem);
  const trained = await trainBatchOffThread(
    {
      users,
      items: contentIds.length,
      pairUser,
      pairItem,
      signalUser,
      signalItem,
      signalMask,
      userOrder,
      userNeighbours: USER_KNN_NEIGHBOURS,
      ...(options.userKnnMaxItemLearners === undefined ? {} : { userKnnMaxItemLearners: options.userKnnMaxItemLearners }),
      published,
      terms,
      seed: SERVING_SEED,
      easeMaxWork: options.easeMaxWork,
      neighbours: NEIGHBOURS_PER_ITEM,
      sharedTerms: SHARED_TERMS,
    },
    options.progress,
  );
  const anyIndex = new Map(contentIds.map((id, at) => [id, at]));
  const sharedTerms = trained.content.neighbours.length === 0 ? [] : trained.content.sharedTerms.split(ROW_SEPARATOR);

  return {
    name: trained.name,
    choice: trained.choice,
    contentIds: items.map((item) => item.contentId),
    purchasedContentIds: contentIds.filter((_, at) => purchased[at] === 1),
    readAt,
    learners: users,
    userNeighbourRowsOf(from, to) {
      const rows: UserNeighbourRow[] = [];
      const table = trained.users;
      for (let user = from; user < Math.min(to, users); user++) {
        const neighbourIds: string[] = [];
        const similarities: number[] = [];
        for (let at = table.start[user]!; at < table.start[user + 1]!; at++) {
          neighbourIds.push(userIds[table.neighbours[at]!]!);
          similarities.push(table.similarities[at]!);
        }
        rows.push({ userId: userIds[user]!, neighbourIds, similarities });
      }
      return rows;
    },
    coPurchaseRowsOf(ids) {
      const rows: CoPurchaseRow[] = [];
      const table = trained.coPurchase;
      for (const contentId of ids) {
        const item = anyIndex.get(contentId)!;
        for (let at = table.start[item]!; at < table.start[item + 1]!; at++) {
          rows.push({ contentId, neighbourId: contentIds[table.neighbours[at]!]!, score: table.scores[at]!, coPurchases: table.coPurchases[at]! });
        }
      }
      return rows;
    },
    rowsOf(contentIds) {
      const model: ServedNeighbourRow[] = [];
      const content: ContentNeighbourRow[] = [];
      for (const contentId of contentIds) {
        const item = itemIndex.get(contentId)!;
        for (let at = trained.model.start[item]!; at < trained.model.start[item + 1]!; at++) {
          model.push({ contentId, neighbourId: items[trained.model.neighbours[at]!]!.contentId, score: trained.model.scores[at]!, coPurchases: trained.model.coPurchases[at]! });
        }
        for (let at = trained.content.start[item]!; at < trained.content.start[item + 1]!; at++) {
          content.push({ contentId, neighbourId: items[trained.content.neighbours[at]!]!.contentId, score: trained.content.scores[at]!, shared: sharedTerms[at]!.split(TERM_SEPARATOR) });
        }
      }
      return { model, content };
    },
  };
}

/** A uuid from its 16 bytes read as latin1. */
function uuidOf(bytes: string): string {
  const hex = Buffer.from(bytes, 'latin1').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The compiled thread entry; under the test runner (TypeScript sources) there is none. */
const THREAD_ENTRY = new URL('../models/batch-training-thread.js', import.meta.url);
const COMPILED = import.meta.url.endsWith('.js');

/**
 * Runs `trainBatch` on a worker thread: training a model at scale takes tens of seconds of CPU,
 * which on the worker's event loop would stop BullMQ renewing the job's lock (it would count the
 * job as stalled and hand it to another worker) and stall every other queue and subscription of
 * the process. From the TypeScript sources (tests, with small data) it runs inline, unless given
 * a compiled `entry` (a test builds one: `training-thread.spec.ts`). The input's purchase arrays
 * are moved to the thread: the caller's are detached afterwards.
 */
export function trainBatchOffThread(
  input: BatchTrainingInput,
  progress: TrainingProgress,
  entry: URL | null = COMPILED ? THREAD_ENTRY : null,
): Promise<BatchTrainingOutput> {
  if (!entry) return Promise.resolve(trainBatch(input, progress));
  return new Promise((resolve, reject) => {
    const thread = new Worker(entry);
    let settled = false;
    thread.on('message', (message: { kind: 'progress'; done: number; step: string } | { kind: 'done'; output: BatchTrainingOutput } | { kind: 'failed'; message: string }) => {
      if (message.kind === 'progress') progress(message.done, message.step);
      else {
        settled = true;
        void thread.terminate();
        if (message.kind === 'done') resolve(message.output);
        else reject(new Error(`training failed on its thread: ${message.message}`));
      }
    });
    thread.once('error', (error) => {
      settled = true;
      reject(error);
    });
    thread.once('exit', (code) => {
      if (!settled) reject(new Error(`the training thread exited with ${code} before answering`));
    });
    thread.postMessage(input, [input.pairUser.buffer, input.pairItem.buffer, input.signalUser.buffer, input.signalItem.buffer, input.signalMask.buffer] as ArrayBuffer[]);
  });
}

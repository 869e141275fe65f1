import type { QueryRunner } from 'typeorm';
import { itemTerms } from '../content/terms.js';
import { NEIGHBOURS_PER_ITEM } from '../domain/ranking.js';
import { servingModel } from '../models/catalogue.js';
import { ContentBased, contentBased } from '../models/content-based.js';
import { Interactions } from '../models/interactions.js';
import { neighbourhoods } from '../models/neighbourhoods.js';

/** The seed of the hybrid's validation split in the worker: a batch over the same data chooses the same weights. */
const SERVING_SEED = 1;
/** Shared terms a `similar` reason shows at most. */
const SHARED_TERMS = 5;

export interface ModelNeighbourRow {
  readonly contentId: string;
  readonly neighbourId: string;
  readonly score: number;
}

export interface ContentNeighbourRow extends ModelNeighbourRow {
  readonly shared: string[];
}

/** The serving model and the content model trained on the platform's data, ready to be written a slice at a time. */
export interface TrainedServingModel {
  /** The model with the weights its validation split chose, e.g. `hybrid(0.60·ease(…) + 0.30·rp3beta(…) + 0.10·content(…))`. */
  readonly name: string;
  /** Every published content id, ascending as PostgreSQL orders uuids: the order the batch writes them in. */
  readonly contentIds: readonly string[];
  rowsOf(contentIds: readonly string[]): { model: ModelNeighbourRow[]; content: ContentNeighbourRow[] };
}

interface ItemRow {
  contentId: string;
  title: string;
  summary: string;
  tags: string[];
  category: string | null;
  creatorId: string;
}

/**
 * Reads the published items and the purchases (each statement its own short transaction: nothing
 * here holds the event store's xmin horizon back while the model trains), then trains in memory
 * the same model `npm run reco:eval` measures. Every purchase is an interaction of weight 1.
 */
export async function trainServingModel(session: QueryRunner): Promise<TrainedServingModel> {
  const items: ItemRow[] = await session.query(
    `SELECT i.content_id AS "contentId", i.title, i.summary, i.tags || coalesce(c.tags, '{}') AS tags,
            cat.name AS category, i.creator_id AS "creatorId"
       FROM rec_items i
       LEFT JOIN rec_item_classes c ON c.content_id = i.content_id
       LEFT JOIN rec_categories cat ON cat.category_id = c.category_id
      ORDER BY i.content_id`,
  );
  const purchases: { userId: string; contentId: string }[] = await session.query(
    `SELECT p.user_id AS "userId", p.content_id AS "contentId" FROM rec_purchases p
      WHERE EXISTS (SELECT 1 FROM rec_items i WHERE i.content_id = p.content_id)`,
  );
  const itemIndex = new Map(items.map((item, at) => [item.contentId, at]));
  const userIndex = new Map<string, number>();
  for (const { userId } of purchases) if (!userIndex.has(userId)) userIndex.set(userId, userIndex.size);
  const data = Interactions.from(
    userIndex.size,
    items.length,
    purchases.map(({ userId, contentId }) => [userIndex.get(userId)!, itemIndex.get(contentId)!, 1] as const),
  );
  const terms = items.map((item) =>
    itemTerms({ title: item.title, summary: item.summary, tags: [...new Set(item.tags)], category: item.category ?? undefined, creator: item.creatorId }),
  );
  const termsOf = (item: number) => terms[item]!;
  const model = servingModel({ seed: SERVING_SEED, termsOf }).train(data);
  const content = contentBased(termsOf).train(data) as ContentBased;

  return {
    name: model.name,
    contentIds: items.map((item) => item.contentId),
    rowsOf(contentIds) {
      const indices = contentIds.map((id) => itemIndex.get(id)!);
      const modelRows: ModelNeighbourRow[] = [];
      for (const { item, neighbours } of neighbourhoods(model, data, NEIGHBOURS_PER_ITEM, indices)) {
        for (const neighbour of neighbours) modelRows.push({ contentId: items[item]!.contentId, neighbourId: items[neighbour.item]!.contentId, score: neighbour.score });
      }
      const contentRows: ContentNeighbourRow[] = [];
      for (const item of indices) {
        for (const { item: other, similarity } of content.neighbours.neighboursOf(item).slice(0, NEIGHBOURS_PER_ITEM)) {
          const shared = content.sharedTerms(item, other, SHARED_TERMS);
          // A similarity resting on the creator alone has nothing to show a reader: not kept.
          if (shared.length > 0) contentRows.push({ contentId: items[item]!.contentId, neighbourId: items[other]!.contentId, score: similarity, shared });
        }
      }
      return { model: modelRows, content: contentRows };
    },
  };
}

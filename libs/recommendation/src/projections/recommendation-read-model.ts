import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface PublishedItem {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  readonly creatorId: string;
  readonly publishedAt: string;
  /** Absent on events recorded before the content model read them. */
  readonly summary?: string;
  readonly tags?: readonly string[];
}

export interface ItemClassification {
  readonly contentId: string;
  readonly categoryId: string | null;
  readonly tags: readonly string[];
}

/** Writes rec_items and rec_purchases from relayed events; every write is safe to repeat. */
@Injectable()
export class RecommendationReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Upserts a published item. An older event arriving late (a retry, a replay) never overwrites
   * what a newer one wrote: the stored source position decides. Popularity is the batch's job.
   */
  async recordPublishedItem(item: PublishedItem, sourcePosition: number): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      // The item's category is copied from rec_item_classes (the popular fill's per-category index);
      // a classification written at the same moment waits for this (see recordClassification).
      await lockItem(tx, item.contentId);
      // A newer publication (a republication) lifts an older unlisting; an older one relayed late does not.
      await tx.query(`DELETE FROM rec_unlisted_items WHERE content_id = $1 AND source_position < $2`, [item.contentId, sourcePosition]);
      const written: unknown[] = await tx.query(
      `INSERT INTO rec_items (content_id, title, kind, creator_id, published_at, source_position, summary, tags, category_id)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, (SELECT c.category_id FROM rec_item_classes c WHERE c.content_id = $1)
        WHERE NOT EXISTS (SELECT 1 FROM rec_unlisted_items u WHERE u.content_id = $1 AND u.source_position > $6)
       ON CONFLICT (content_id) DO UPDATE
          SET title = EXCLUDED.title, kind = EXCLUDED.kind, creator_id = EXCLUDED.creator_id,
              published_at = EXCLUDED.published_at, source_position = EXCLUDED.source_position,
              summary = EXCLUDED.summary, tags = EXCLUDED.tags, category_id = EXCLUDED.category_id
        WHERE rec_items.source_position < EXCLUDED.source_position
       RETURNING content_id`,
      [item.contentId, item.title, item.kind, item.creatorId, item.publishedAt, sourcePosition, item.summary ?? '', item.tags ?? []],
      );
      return written.length === 1;
    });
  }

  /**
   * An item left the catalogue: its row goes (every recommendation and similar-items query reads
   * published items from rec_items only), and a mark keeps an older approval relayed late from
   * bringing it back. Repeating it changes nothing.
   */
  async recordUnlistedItem(contentId: string, sourcePosition: number): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const marked: unknown[] = await tx.query(
        `INSERT INTO rec_unlisted_items (content_id, source_position) VALUES ($1, $2)
         ON CONFLICT (content_id) DO UPDATE SET source_position = EXCLUDED.source_position
          WHERE rec_unlisted_items.source_position < EXCLUDED.source_position
         RETURNING content_id`,
        [contentId, sourcePosition],
      );
      await tx.query(`DELETE FROM rec_items WHERE content_id = $1 AND source_position < $2`, [contentId, sourcePosition]);
      return marked.length === 1;
    });
  }

  /**
   * Upserts an item's category and tags; as for items, an older event never overwrites a newer one.
   * The category is copied onto the published item's row in the same transaction (rec_items.category_id,
   * which the per-category popularity index orders), under the item's lock so that a publication
   * written at the same moment cannot copy the category as it was before.
   */
  async recordClassification(item: ItemClassification, sourcePosition: number): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await lockItem(tx, item.contentId);
      const written: unknown[] = await tx.query(
        `INSERT INTO rec_item_classes (content_id, category_id, tags, source_position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (content_id) DO UPDATE
            SET category_id = EXCLUDED.category_id, tags = EXCLUDED.tags, source_position = EXCLUDED.source_position
          WHERE rec_item_classes.source_position < EXCLUDED.source_position
         RETURNING content_id`,
        [item.contentId, item.categoryId, item.tags, sourcePosition],
      );
      if (written.length === 1) {
        await tx.query(`UPDATE rec_items SET category_id = $2 WHERE content_id = $1 AND category_id IS DISTINCT FROM $2`, [item.contentId, item.categoryId]);
      }
      return written.length === 1;
    });
  }

  /** A category's name as created or renamed; the category tree's stream orders these events. */
  async recordCategoryName(categoryId: string, name: string, sourcePosition: number): Promise<boolean> {
    const written: unknown[] = await this.dataSource.query(
      `INSERT INTO rec_categories (category_id, name, source_position) VALUES ($1, $2, $3)
       ON CONFLICT (category_id) DO UPDATE SET name = EXCLUDED.name, source_position = EXCLUDED.source_position
        WHERE rec_categories.source_position < EXCLUDED.source_position
       RETURNING category_id`,
      [categoryId, name, sourcePosition],
    );
    return written.length === 1;
  }

  /** A deleted category is never named in a reason again (a deletion is the category's last event). */
  async recordCategoryDeleted(categoryId: string, sourcePosition: number): Promise<boolean> {
    const deleted: unknown[] = await this.dataSource.query(
      `DELETE FROM rec_categories WHERE category_id = $1 AND source_position < $2 RETURNING category_id`,
      [categoryId, sourcePosition],
    );
    return deleted.length === 1;
  }

  /** Records that `userId` opened a lesson of `contentId` (the first time only). */
  async recordBrowsed(userId: string, contentId: string, openedAt: string): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO rec_browsed (user_id, content_id, opened_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, content_id) DO NOTHING RETURNING content_id`,
      [userId, contentId, openedAt],
    );
    return inserted.length === 1;
  }

  /**
   * Records that `userId` bought each of `contentIds`; returns how many were new. Each new row adds
   * one to its item's rec_item_learners in the same statement, so that count always equals the
   * item's rows here (what a popular pick's `learners` reads). Items in id order: two purchases of
   * the same items at once take their row locks in the same order.
   */
  async recordPurchases(userId: string, contentIds: readonly string[], purchasedAt: string): Promise<number> {
    const inserted: unknown[] = await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO rec_purchases (user_id, content_id, purchased_at)
         SELECT $1, content_id, $3 FROM unnest($2::uuid[]) AS content_id ORDER BY content_id
         ON CONFLICT (user_id, content_id) DO NOTHING
         RETURNING content_id
       ), counted AS (
         INSERT INTO rec_item_learners (content_id, learners)
         SELECT content_id, count(*) FROM inserted GROUP BY content_id ORDER BY content_id
         ON CONFLICT (content_id) DO UPDATE SET learners = rec_item_learners.learners + EXCLUDED.learners
       )
       SELECT content_id FROM inserted`,
      [userId, [...new Set(contentIds)], purchasedAt],
    );
    return inserted.length;
  }
}

/** Serialises the writes of one item's publication and classification (a transaction-scoped advisory lock). */
async function lockItem(tx: EntityManager, contentId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`rec-item:${contentId}`]);
}

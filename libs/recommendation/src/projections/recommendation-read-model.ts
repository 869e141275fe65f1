import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface PublishedItem {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  readonly creatorId: string;
  readonly publishedAt: string;
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
    const written: unknown[] = await this.dataSource.query(
      `INSERT INTO rec_items (content_id, title, kind, creator_id, published_at, source_position)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (content_id) DO UPDATE
          SET title = EXCLUDED.title, kind = EXCLUDED.kind, creator_id = EXCLUDED.creator_id,
              published_at = EXCLUDED.published_at, source_position = EXCLUDED.source_position
        WHERE rec_items.source_position < EXCLUDED.source_position
       RETURNING content_id`,
      [item.contentId, item.title, item.kind, item.creatorId, item.publishedAt, sourcePosition],
    );
    return written.length === 1;
  }

  /** Records that `userId` bought each of `contentIds`; returns how many were new. */
  async recordPurchases(userId: string, contentIds: readonly string[], purchasedAt: string): Promise<number> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO rec_purchases (user_id, content_id, purchased_at)
       SELECT $1, content_id, $3 FROM unnest($2::uuid[]) AS content_id
       ON CONFLICT (user_id, content_id) DO NOTHING
       RETURNING content_id`,
      [userId, [...new Set(contentIds)], purchasedAt],
    );
    return inserted.length;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/** What consulting reads of catalog's published language (tolerant reader): an item and its creator. */
interface ContentApprovedData {
  contentId: string;
  creatorId: string;
  title: string;
}

/** consulting_items: the published items learners may ask about, and the creator who answers. */
@Injectable()
@InlineProjection()
export class ConsultingItemsProjector implements InlineProjector {
  readonly eventTypes = ['catalog.content-approved'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const { contentId, creatorId, title } = event.data as ContentApprovedData;
      await manager.query(
        `INSERT INTO consulting_items (content_id, creator_id, title) VALUES ($1, $2, $3)
         ON CONFLICT (content_id) DO UPDATE SET title = EXCLUDED.title`,
        [contentId, creatorId, title],
      );
    }
  }
}

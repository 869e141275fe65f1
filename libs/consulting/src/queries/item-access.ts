import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HasAccess } from '#commerce';
import { ConsultingErrors } from '../domain/consulting.errors.js';

/**
 * Who may read an item's questions: its creator, and the learners entitled to it now (commerce
 * decides). To anyone else the item's questions do not exist, as for an item never published.
 */
@Injectable()
export class ItemAccess {
  constructor(
    private readonly queries: QueryBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Refuses anyone else as if there were no such item. */
  async requireReader(contentId: string, userId: string): Promise<void> {
    const [item]: { creator_id: string }[] = await this.dataSource.query(`SELECT creator_id FROM consulting_items WHERE content_id = $1`, [contentId]);
    if (!item) throw ConsultingErrors.itemNotFound();
    if (item.creator_id === userId) return;
    if (!(await this.queries.execute(new HasAccess(userId, contentId)))) throw ConsultingErrors.itemNotFound();
  }
}

import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** One cleansed click that carried the token of a served recommendation list. */
export interface ServedClick {
  readonly servedId: string;
  /** The signed-in user, or the one the device was linked to; null for a device nobody signed in on. */
  readonly userId: string | null;
  readonly itemId: string;
  readonly occurredAt: Date;
}

/**
 * The clean click facts carrying any of these `servedId`s (recommendation's A/B results read
 * clicks through this, not through the tables). Duplicates and near-duplicates were dropped by
 * cleansing, so a double tap counts once.
 */
export class ListServedClicks extends Query<ServedClick[]> {
  constructor(readonly servedIds: readonly string[]) {
    super();
  }
}

@QueryHandler(ListServedClicks)
export class ListServedClicksHandler implements IQueryHandler<ListServedClicks> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ servedIds }: ListServedClicks): Promise<ServedClick[]> {
    if (servedIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT served_id AS "servedId", user_id AS "userId", item_id AS "itemId", occurred_at AS "occurredAt"
         FROM analytics_facts
        WHERE event_type = 'click' AND served_id = ANY($1::text[])
        ORDER BY fact_id`,
      [servedIds.map((id) => id.toLowerCase())],
    );
  }
}

import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

export interface BundleView {
  bundleId: string;
  creatorId: string;
  title: string;
  /** Its items at today's list prices (an item no longer on sale shows a null price). */
  items: { contentId: string; title: string | null; listPriceCents: number | null }[];
  priceCents: number;
  currency: string;
  /** What its items cost one by one today. */
  listPriceCents: number;
  status: 'offered' | 'retired';
  createdAt: string;
}

interface BundleRow {
  bundle_id: string;
  creator_id: string;
  title: string;
  items: { contentId: string; title: string | null; listPriceCents: number | null }[];
  price_cents: string;
  currency: string;
  status: BundleView['status'];
  created_at: Date;
}

const view = (row: BundleRow): BundleView => ({
  bundleId: row.bundle_id,
  creatorId: row.creator_id,
  title: row.title,
  items: row.items,
  priceCents: Number(row.price_cents),
  currency: row.currency.trim(),
  listPriceCents: row.items.reduce((sum, item) => sum + (item.listPriceCents ?? 0), 0),
  status: row.status,
  createdAt: row.created_at.toISOString(),
});

const SELECT_BUNDLES = `
  SELECT b.*, (SELECT coalesce(json_agg(json_build_object('contentId', id, 'title', p.title, 'listPriceCents', p.price_cents) ORDER BY ord), '[]'::json)
                 FROM unnest(b.content_ids) WITH ORDINALITY AS c(id, ord) LEFT JOIN commerce_products p ON p.content_id = c.id) AS items
    FROM commerce_bundles b`;

export interface BundleFilter {
  creatorId?: string;
  /** Bundles holding this item. */
  contentId?: string;
  /** A creator's own list: retired ones too. */
  mine?: boolean;
}

/** Bundles on offer, newest first; a creator's own list also shows the ones they retired. */
export class ListBundles extends Query<{ items: BundleView[]; nextCursor: string | null }> {
  constructor(
    readonly filter: BundleFilter,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListBundles)
export class ListBundlesHandler implements IQueryHandler<ListBundles> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ filter, limit, cursor }: ListBundles): Promise<{ items: BundleView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: BundleRow[] = await this.dataSource.query(
      `${SELECT_BUNDLES}
        WHERE ($1::boolean OR b.status = 'offered')
          AND ($2::uuid IS NULL OR b.creator_id = $2)
          AND ($3::uuid IS NULL OR b.content_ids @> ARRAY[$3::uuid])
          AND ($4::timestamptz IS NULL OR (b.created_at, b.bundle_id) < ($4::timestamptz, $5::uuid))
        ORDER BY b.created_at DESC, b.bundle_id DESC
        LIMIT $6`,
      [filter.mine === true, filter.creatorId ?? null, filter.contentId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, view, (row) => [row.created_at.toISOString(), row.bundle_id]);
  }
}

export class GetBundle extends Query<BundleView | null> {
  constructor(readonly bundleId: string) {
    super();
  }
}

@QueryHandler(GetBundle)
export class GetBundleHandler implements IQueryHandler<GetBundle> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ bundleId }: GetBundle): Promise<BundleView | null> {
    const [row]: BundleRow[] = await this.dataSource.query(`${SELECT_BUNDLES} WHERE b.bundle_id = $1`, [bundleId]);
    return row ? view(row) : null;
  }
}

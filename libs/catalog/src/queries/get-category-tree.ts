import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface CategoryView {
  id: string;
  slug: string;
  name: string;
  children: CategoryView[];
}

/** The whole category tree, roots first, siblings in their set order. Public: the tree is navigation. */
export class GetCategoryTree extends Query<CategoryView[]> {}

@QueryHandler(GetCategoryTree)
export class GetCategoryTreeHandler implements IQueryHandler<GetCategoryTree> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(): Promise<CategoryView[]> {
    const rows: { id: string; parent_id: string | null; slug: string; name: string }[] = await this.dataSource.query(
      `SELECT id, parent_id, slug, name FROM catalog_categories ORDER BY position, slug`,
    );
    const views = new Map(rows.map((row) => [row.id, { id: row.id, slug: row.slug, name: row.name, children: [] as CategoryView[] }]));
    const roots: CategoryView[] = [];
    for (const row of rows) (row.parent_id === null ? roots : views.get(row.parent_id)!.children).push(views.get(row.id)!);
    return roots;
  }
}

import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CategoryView, GetCategoryTree } from '#catalog';

export interface MyInterests {
  /** The chosen categories that still exist, by name. */
  readonly categories: { id: string; name: string }[];
}

/** The categories the learner chose (none before they state any); a category deleted since is left out. */
export class GetMyInterests extends Query<MyInterests> {
  constructor(readonly learnerId: string) {
    super();
  }
}

@QueryHandler(GetMyInterests)
export class GetMyInterestsHandler implements IQueryHandler<GetMyInterests> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ learnerId }: GetMyInterests): Promise<MyInterests> {
    // The row and catalog's tree side by side: names as catalog has them now, the same tree a statement is checked against.
    const [rows, tree] = await Promise.all([
      this.dataSource.query(`SELECT category_ids FROM rec_interests WHERE user_id = $1`, [learnerId]) as Promise<{ category_ids: string[] }[]>,
      this.queries.execute(new GetCategoryTree()),
    ]);
    const names = new Map(flatten(tree).map((category) => [category.id.toLowerCase(), category.name]));
    const categories = (rows[0]?.category_ids ?? [])
      .filter((id) => names.has(id))
      .map((id) => ({ id, name: names.get(id)! }))
      .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
    return { categories };
  }
}

function flatten(tree: readonly CategoryView[]): CategoryView[] {
  return tree.flatMap((category) => [category, ...flatten(category.children)]);
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { CATEGORY_TREE_STREAM } from '../domain/category-events.js';
import { type CategoryCommand, categoryTreeDecider } from '../domain/category-tree.js';

/** A change an admin makes to the tree, as the decider takes it (DeleteCategory's count is the handler's). */
export type CategoryChange = Exclude<CategoryCommand, { type: 'DeleteCategory' }> | { type: 'DeleteCategory'; categoryId: string };

export class ChangeCategoryTree extends Command<void> {
  constructor(
    readonly change: CategoryChange,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Every change to the category tree goes through its one stream, so two admins changing it at
 * once get a version conflict instead of a cycle or a duplicate slug.
 */
@CommandHandler(ChangeCategoryTree)
export class ChangeCategoryTreeHandler implements ICommandHandler<ChangeCategoryTree> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ change, context }: ChangeCategoryTree): Promise<void> {
    this.abilities.require(context.actor, 'manage', 'Category');
    const command: CategoryCommand = change.type === 'DeleteCategory' ? { ...change, contentCount: await this.contentsFiledUnder(change.categoryId) } : change;
    await this.decisions.execute(categoryTreeDecider, {
      streamId: CATEGORY_TREE_STREAM,
      streamType: 'category-tree',
      context,
      command,
    });
  }

  /** Contents of any status filed directly under the category (a draft keeps its category too). */
  private async contentsFiledUnder(categoryId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM catalog_contents WHERE category_id = $1`, [categoryId]);
    return n;
  }
}

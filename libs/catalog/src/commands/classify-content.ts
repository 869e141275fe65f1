import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext, Decisions } from '#platform';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { contentDecider } from '../domain/content.js';

export class ClassifyContent extends Command<void> {
  constructor(
    readonly contentId: string,
    /** null: under no category */
    readonly categoryId: string | null,
    readonly tags: string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The owning creator (or an admin) files a content under a category and sets its tags; lists and search follow at once. */
@CommandHandler(ClassifyContent)
export class ClassifyContentHandler implements ICommandHandler<ClassifyContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: ClassifyContent): Promise<void> {
    const ability = this.abilities.forActor(command.context.actor);
    if (command.categoryId !== null && !(await this.categoryExists(command.categoryId))) throw CatalogErrors.unknownCategory();
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: { type: 'ClassifyContent', categoryId: command.categoryId, tags: command.tags },
      authorize: (state) => {
        // Another creator's content, even published, is "not found" here: nothing to classify for them.
        if (state.status === 'none' || !ability.can('classify', asSubject('Content', { creatorId: state.creatorId }))) {
          throw CatalogErrors.contentNotFound();
        }
      },
    });
  }

  /** The tree is public, so saying a category does not exist discloses nothing. */
  private async categoryExists(categoryId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM catalog_categories WHERE id = $1`, [categoryId]);
    return rows.length > 0;
  }
}

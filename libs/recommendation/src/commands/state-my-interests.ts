import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { type CommandContext, Decisions } from '#platform';
import { type CategoryView, GetCategoryTree } from '#catalog';
import { interestsDecider, interestsStream } from '../domain/interests.js';

/** The caller states the categories they are interested in: the list replaces the one before. */
export class StateMyInterests extends Command<void> {
  constructor(
    readonly categoryIds: readonly string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(StateMyInterests)
export class StateMyInterestsHandler implements ICommandHandler<StateMyInterests> {
  constructor(
    private readonly decisions: Decisions,
    private readonly queries: QueryBus,
  ) {}

  async execute({ categoryIds, context }: StateMyInterests): Promise<void> {
    // The route lets only a signed-in caller through, and the stream is theirs: nobody states another's interests.
    const userId = context.actor!.userId;
    // Which categories exist, as catalog has them now (a category created a moment ago may be chosen at once).
    const known = new Set(flatten(await this.queries.execute(new GetCategoryTree())).map((category) => category.id.toLowerCase()));
    // Racing statements of one learner: each loser decides again on what the winner wrote, so the last one stands and a repeat writes nothing.
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(interestsDecider, { ...interestsStream(userId), context, command: { type: 'StateInterests', userId, categoryIds, known } }),
    );
  }
}

function flatten(tree: readonly CategoryView[]): CategoryView[] {
  return tree.flatMap((category) => [category, ...flatten(category.children)]);
}

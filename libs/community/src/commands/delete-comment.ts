import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, Decisions, DomainError } from '#platform';
import { commentDecider, commentStream } from '../domain/comment.js';

/** Its author deletes a comment: it shows as deleted, its replies stay. Deleting again is a no-op. */
export class DeleteComment extends Command<void> {
  constructor(
    readonly commentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeleteComment)
export class DeleteCommentHandler implements ICommandHandler<DeleteComment> {
  constructor(private readonly decisions: Decisions) {}

  async execute({ commentId, context }: DeleteComment): Promise<void> {
    const actor = context.actor;
    if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    await this.decisions.execute(commentDecider, { ...commentStream(commentId), context, command: { type: 'DeleteComment', by: actor.userId } });
  }
}

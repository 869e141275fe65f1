import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, EventStore, eventMetadata } from '#platform';
import { REBUILD_REQUESTS_STREAM, rebuildRequested } from '../domain/recommendation-events.js';

export interface RebuildRequestReceipt {
  requestedAt: string;
  /** Global position of the stored request; the worker's batch for it is `event-<position>`. */
  eventPosition: number;
}

/**
 * Records a request to run the similarity batch now. Only the event is written: the worker's
 * outbox relay turns it into the job, so the api never writes to the queue.
 */
export class RequestRecommendationRebuild extends Command<RebuildRequestReceipt> {
  constructor(readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(RequestRecommendationRebuild)
export class RequestRecommendationRebuildHandler implements ICommandHandler<RequestRecommendationRebuild> {
  constructor(
    private readonly store: EventStore,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: RequestRecommendationRebuild): Promise<RebuildRequestReceipt> {
    const actor = this.abilities.require(command.context.actor, 'rebuild', 'Recommendation');
    const [recorded] = await this.store.append({
      ...REBUILD_REQUESTS_STREAM,
      expectedVersion: 'any',
      events: [rebuildRequested(actor.userId)],
      metadata: eventMetadata(command.context),
    });
    return { requestedAt: recorded!.createdAt.toISOString(), eventPosition: recorded!.globalPosition };
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { IntegrationsErrors } from '../domain/integrations.errors.js';
import { endpointStream, webhookEndpointDecider } from '../domain/webhook-endpoint.js';

/**
 * Sends one delivery again, as it was (same id, same body, signed afresh), whatever became of it.
 * Only the request is recorded here: the worker's relay turns it into the job.
 */
export class RedeliverWebhook extends Command<{ deliveryId: string; requestedAt: string }> {
  constructor(
    readonly endpointId: string,
    readonly deliveryId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RedeliverWebhook)
export class RedeliverWebhookHandler implements ICommandHandler<RedeliverWebhook> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ endpointId, deliveryId, context }: RedeliverWebhook): Promise<{ deliveryId: string; requestedAt: string }> {
    const operator = this.abilities.require(context.actor, 'redeliver', 'WebhookEndpoint');
    const [delivery]: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM integration_webhook_deliveries WHERE id = $1 AND endpoint_id = $2`,
      [deliveryId, endpointId],
    );
    if (!delivery) throw IntegrationsErrors.deliveryNotFound();
    const { events } = await this.decisions.execute(webhookEndpointDecider, {
      ...endpointStream(endpointId),
      context,
      command: { type: 'Redeliver', deliveryId, by: operator.userId },
    });
    return { deliveryId, requestedAt: events[0]!.createdAt.toISOString() };
  }
}

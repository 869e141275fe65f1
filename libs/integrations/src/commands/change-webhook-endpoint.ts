import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { WebhookSecrets } from '../delivery/webhook-secrets.js';
import { endpointStream, webhookEndpointDecider } from '../domain/webhook-endpoint.js';

/**
 * Disable (deliveries stop, pending ones are dropped), enable again, or delete (its secret is
 * forgotten, its log stays in the database but is no longer listed). Repeating a change is a no-op.
 */
export class ChangeWebhookEndpoint extends Command<void> {
  constructor(
    readonly endpointId: string,
    readonly change: 'Disable' | 'Enable' | 'Delete',
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeWebhookEndpoint)
export class ChangeWebhookEndpointHandler implements ICommandHandler<ChangeWebhookEndpoint> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly secrets: WebhookSecrets,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ endpointId, change, context }: ChangeWebhookEndpoint): Promise<void> {
    const operator = this.abilities.require(context.actor, 'change', 'WebhookEndpoint');
    await this.dataSource.transaction(async (tx) => {
      await this.decisions.execute(webhookEndpointDecider, {
        ...endpointStream(endpointId),
        context,
        command: { type: change, by: operator.userId },
        manager: tx,
      });
      if (change === 'Delete') await this.secrets.forget(tx, endpointId);
    });
  }
}

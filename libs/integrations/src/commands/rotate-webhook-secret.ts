import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { WebhookSecrets } from '../delivery/webhook-secrets.js';
import { endpointStream, webhookEndpointDecider } from '../domain/webhook-endpoint.js';

/** A new signing secret, shown once; the previous one keeps signing beside it for a day (ROTATION_OVERLAP_MS). */
export class RotateWebhookSecret extends Command<{ secret: string }> {
  constructor(
    readonly endpointId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RotateWebhookSecret)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecret> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly secrets: WebhookSecrets,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ endpointId, context }: RotateWebhookSecret): Promise<{ secret: string }> {
    const operator = this.abilities.require(context.actor, 'rotate', 'WebhookEndpoint');
    const secret = WebhookSecrets.generate();
    await this.dataSource.transaction(async (tx) => {
      await this.decisions.execute(webhookEndpointDecider, {
        ...endpointStream(endpointId),
        context,
        command: { type: 'RotateSecret', by: operator.userId },
        manager: tx,
      });
      await this.secrets.rotate(tx, endpointId, secret, new Date());
    });
    return { secret };
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, APP_CONFIG, type AppConfig, type CommandContext, Decisions } from '#platform';
import { hostRefusal } from '../delivery/target-address.js';
import { WebhookSecrets } from '../delivery/webhook-secrets.js';
import { IntegrationsErrors } from '../domain/integrations.errors.js';
import { endpointStream, webhookEndpointDecider } from '../domain/webhook-endpoint.js';

export interface RegisteredEndpoint {
  endpointId: string;
  /** Shown this once; only a rotation gives another. */
  secret: string;
}

/** An operator registers an integrator's endpoint for some event types; the server makes its signing secret. */
export class RegisterWebhookEndpoint extends Command<RegisteredEndpoint> {
  constructor(
    readonly url: string,
    readonly eventTypes: string[],
    readonly description: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterWebhookEndpoint)
export class RegisterWebhookEndpointHandler implements ICommandHandler<RegisterWebhookEndpoint> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly secrets: WebhookSecrets,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ url, eventTypes, description, context }: RegisterWebhookEndpoint): Promise<RegisteredEndpoint> {
    const operator = this.abilities.require(context.actor, 'register', 'WebhookEndpoint');
    // Names are checked again on every delivery (they may be re-pointed); literals and localhost can be refused now.
    const refused = !this.config.webhooks.allowPrivateTargets && URL.canParse(url) ? hostRefusal(new URL(url)) : null;
    if (refused) throw IntegrationsErrors.urlNotAllowed(refused);
    const endpointId = randomUUID();
    const secret = WebhookSecrets.generate();
    await this.dataSource.transaction(async (tx) => {
      await this.decisions.execute(webhookEndpointDecider, {
        ...endpointStream(endpointId),
        context,
        command: { type: 'Register', endpointId, url, eventTypes, description, by: operator.userId },
        manager: tx,
      });
      await this.secrets.keep(tx, endpointId, secret, new Date());
    });
    return { endpointId, secret };
  }
}

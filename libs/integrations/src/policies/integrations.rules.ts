import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/** Operators (admins) alone wire the platform to integrators: endpoints, their secrets, their deliveries. */
@Injectable()
@DefinesAbilities()
export class IntegrationsRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (actor?.roles.includes('admin')) can(['read', 'register', 'change', 'rotate', 'redeliver'], 'WebhookEndpoint');
  }
}

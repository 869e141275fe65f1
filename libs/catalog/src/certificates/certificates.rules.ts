import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/** A signed-in user reads their own certificates (the queries scope them); checking one by id is public. */
@Injectable()
@DefinesAbilities()
export class CertificatesRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (actor) can('read', 'Certificate');
  }
}

import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/** Who may read the audit trail: admins only (it shows every user's activity). */
@Injectable()
@DefinesAbilities()
export class AuditRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (actor?.roles.includes('admin')) can(['read', 'checkpoint'], 'AuditLog');
  }
}

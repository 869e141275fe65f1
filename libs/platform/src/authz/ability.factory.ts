import { detectSubjectType } from '@casl/ability';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DomainError } from '../domain/index.js';
import { type AbilityRules, type AppAbility, buildAbility, DefinesAbilities } from './ability.js';
import type { Actor } from './actor.js';

/** Builds the ability of one caller from every domain's rules. Cheap: rules are in memory. */
@Injectable()
export class AbilityFactory implements OnModuleInit {
  private rules: AbilityRules[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.rules = this.discovery
      .getProviders({ metadataKey: DefinesAbilities.KEY })
      .map((wrapper) => wrapper.instance as AbilityRules)
      .filter((instance): instance is AbilityRules => instance !== undefined && instance !== null);
  }

  forActor(actor: Actor | null): AppAbility {
    return buildAbility(actor, this.rules);
  }

  /**
   * The actor, if their ability lets them `action` a `subject` (a subject type, or a record tagged
   * with asSubject to check conditions). Otherwise AUTH.UNAUTHENTICATED (no actor) or
   * AUTHZ.FORBIDDEN: the one way a handler re-checks its caller.
   */
  require(actor: Actor | null, action: string, subject: string | Record<string, unknown>): Actor {
    if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    if (!this.forActor(actor).can(action, subject)) {
      const noun = typeof subject === 'string' ? subject : (detectSubjectType(subject) ?? 'this');
      throw new DomainError('AUTHZ.FORBIDDEN', 'forbidden', `You may not ${action} ${noun}.`);
    }
    return actor;
  }
}

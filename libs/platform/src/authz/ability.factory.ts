import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
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
}

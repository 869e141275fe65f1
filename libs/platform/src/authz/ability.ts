import { AbilityBuilder, createMongoAbility, type MongoAbility, subject } from '@casl/ability';
import { DiscoveryService } from '@nestjs/core';
import type { Actor } from './actor.js';

/** Verbs and nouns are strings owned by the domains (`'moderate'`, `'Content'`). */
export type AppAbility = MongoAbility<[string, string | Record<string, unknown>]>;
export type AbilityRulesBuilder = AbilityBuilder<AppAbility>;

/** A domain's contribution to every caller's ability (RBAC by role, ABAC by conditions). */
export interface AbilityRules {
  define(actor: Actor | null, builder: AbilityRulesBuilder): void;
}

/** Marks a provider as AbilityRules; the AbilityFactory gathers them all at start. */
export const DefinesAbilities = DiscoveryService.createDecorator<void>();

export function buildAbility(actor: Actor | null, rules: readonly AbilityRules[]): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const contribution of rules) contribution.define(actor, builder);
  return builder.build();
}

/** Tags a plain record with its subject type so conditions can be checked against it. */
export function asSubject<T extends Record<string, unknown>>(type: string, record: T): T {
  return subject(type, { ...record });
}

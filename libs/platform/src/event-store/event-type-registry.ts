import { Injectable } from '@nestjs/common';
import type { PersonalDataSpec } from './personal-data.js';

/** Turns the stored shape of an event of an older schema version into the next one. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export interface EventTypeDefinition {
  /** Current schema version written on append. */
  readonly schemaVersion: number;
  /** upcasters[n] turns version n into version n + 1. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
  /** The person's data in it, stored sealed with their own key (crypto-shredding). */
  readonly personalData?: PersonalDataSpec;
}

/**
 * Every stored event type, declared once by the domain that owns it. Appending an
 * undeclared type fails loudly: a typo must not become a stream nobody reads.
 */
@Injectable()
export class EventTypeRegistry {
  private readonly types = new Map<string, EventTypeDefinition>();

  register(definitions: Readonly<Record<string, EventTypeDefinition>>): void {
    for (const [type, definition] of Object.entries(definitions)) {
      if (this.types.has(type)) throw new Error(`Event type ${type} is declared twice`);
      this.types.set(type, definition);
    }
  }

  /** Every declared type, sorted: what this process can read and write. */
  declaredTypes(): string[] {
    return [...this.types.keys()].sort();
  }

  schemaVersionOf(type: string): number {
    const definition = this.types.get(type);
    if (!definition) throw new Error(`Event type ${type} is not declared in any domain`);
    return definition.schemaVersion;
  }

  personalDataOf(type: string): PersonalDataSpec | undefined {
    return this.types.get(type)?.personalData;
  }

  /** Brings stored data up to the current schema version, one step at a time. */
  upcast(type: string, schemaVersion: number, data: Record<string, unknown>): Record<string, unknown> {
    const definition = this.types.get(type);
    // Handing out raw data of an unknown type would let a process that lacks a domain misread it.
    if (!definition) throw new Error(`Event type ${type} is not declared in this process: its domain module is not loaded`);
    let current = data;
    for (let version = schemaVersion; version < definition.schemaVersion; version++) {
      const upcaster = definition.upcasters?.[version];
      if (!upcaster) throw new Error(`No upcaster for ${type} from schema version ${version}`);
      current = upcaster(current);
    }
    return current;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Decider, type DomainEvent, foldEvents } from '../domain/index.js';
import { EventStore } from '../event-store/event-store.js';
import type { RecordedEvent } from '../event-store/recorded-event.js';
import { type CommandContext, eventMetadata } from './command-context.js';

export interface Decision<State, Command> {
  readonly streamId: string;
  readonly streamType: string;
  readonly command: Command;
  readonly context: CommandContext;
  /** Re-checks the caller against the loaded state (BOLA): throw to refuse. */
  readonly authorize?: (state: State, version: number) => void;
  /** Join an outer transaction (e.g. a webhook's dedup insert). */
  readonly manager?: EntityManager;
}

export interface DecisionResult<State> {
  readonly state: State;
  readonly version: number;
  readonly events: RecordedEvent[];
}

/**
 * The one write path of an event-sourced command: load the stream, fold it through the
 * decider, authorize against what was loaded, decide, append at the loaded version.
 */
@Injectable()
export class Decisions {
  constructor(private readonly store: EventStore) {}

  async load<State, Event extends DomainEvent>(
    decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
    streamId: string,
    manager?: EntityManager,
  ): Promise<{ state: State; version: number }> {
    const events = await this.store.readStream(streamId, 1, manager);
    const state = foldEvents(decider, events as unknown as Event[]);
    return { state, version: events.length === 0 ? 0 : events[events.length - 1]!.version };
  }

  async execute<State, Command, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    decision: Decision<State, Command>,
  ): Promise<DecisionResult<State>> {
    const { state, version } = await this.load(decider, decision.streamId, decision.manager);
    decision.authorize?.(state, version);
    const newEvents = decider.decide(decision.command, state);
    const recorded = await this.store.append(
      {
        streamId: decision.streamId,
        streamType: decision.streamType,
        expectedVersion: version,
        events: newEvents,
        metadata: eventMetadata(decision.context),
      },
      decision.manager,
    );
    return {
      state: newEvents.reduce((current, event) => decider.evolve(current, event), state),
      version: version + newEvents.length,
      events: recorded,
    };
  }
}

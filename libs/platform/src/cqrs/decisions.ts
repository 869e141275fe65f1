import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { type Decider, type DomainEvent, DomainError, foldEvents } from '../domain/index.js';
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
 * How often `redecideOnConflict` decides again. A decision loses a race only to another writer that
 * committed on the same stream after it loaded, so N requests racing on one stream lose at most
 * N - 1 times each, and fewer when most of them decide to write nothing (a limit reached, a repeat).
 */
export const REDECIDE_ATTEMPTS = 16;

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

  /**
   * Runs `work` — one or more decisions, in its own transaction or theirs — again when it lost the
   * race on a stream to another writer (EVENT_STORE.VERSION_CONFLICT), after a short random pause so
   * that racers spread out. Each run loads what the winner wrote and decides on it, so the caller
   * hears the real answer (a limit reached, a request already made) instead of "the record moved".
   * For decisions the server can redo unchanged; `work` must hold no effect outside its transaction.
   * Past `attempts` lost races the conflict is thrown.
   */
  async redecideOnConflict<T>(work: () => Promise<T>, attempts = REDECIDE_ATTEMPTS): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'EVENT_STORE.VERSION_CONFLICT' || attempt >= attempts) throw error;
        await sleep(Math.random() * 5 * attempt);
      }
    }
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

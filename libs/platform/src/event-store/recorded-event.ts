import type { DomainEvent } from '../domain/index.js';

/** Who and what caused an event; stored beside it, never part of the domain data. */
export interface EventMetadata {
  readonly actorId: string | null;
  readonly requestId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  /**
   * The client's address. With an actor, this and userAgent are stored sealed with the actor's key
   * (ACTOR_PERSONAL_DATA): read them through EventStore.openedMetadata.
   */
  readonly clientIp: string | null;
  /** The client's User-Agent, when a request carried one. */
  readonly userAgent?: string;
  /** Set when an operator ran the command from the command line (`user@host`). */
  readonly operator?: string;
  /** Whose request it was when no one was signed in (sign-up, email verification, password reset): their key seals the address. */
  readonly personId?: string;
}

interface RecordedEventOf<E extends DomainEvent> {
  readonly globalPosition: number;
  /** The appending transaction's id (xid8, as decimal text): with globalPosition, its place in the global order. */
  readonly transactionId: string;
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  readonly type: E['type'];
  readonly schemaVersion: number;
  readonly data: E['data'];
  readonly metadata: EventMetadata;
  readonly createdAt: Date;
}

/**
 * An event as the store holds it: its place in its stream and in the global order.
 * Distributes over a union, so `switch (event.type)` narrows `event.data`.
 */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent ? RecordedEventOf<E> : never;

/**
 * Where a reader of the global order stands: after this event. The global order is
 * (transactionId, globalPosition), the order in which transactions become visible, so a reader
 * that resumes after a pair never skips an event committed late by a slower transaction.
 */
export interface EventPosition {
  readonly transactionId: string;
  readonly globalPosition: number;
}

/** Before the first event. */
export const START_OF_EVENTS: EventPosition = { transactionId: '0', globalPosition: 0 };

export const positionOf = (event: RecordedEvent): EventPosition => ({
  transactionId: event.transactionId,
  globalPosition: event.globalPosition,
});

export interface AppendRequest {
  readonly streamId: string;
  readonly streamType: string;
  /** The version the caller decided on; 0 for a stream that must not exist yet. */
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly DomainEvent[];
  readonly metadata: EventMetadata;
}

/** `'any'` appends whatever the stream's version is (for streams nobody decides on, like logs). */
export type ExpectedVersion = number | 'any';

export function noMetadata(): EventMetadata {
  return { actorId: null, requestId: null, correlationId: null, causationId: null, clientIp: null };
}

import type { DomainEvent } from '../domain/index.js';

/** Who and what caused an event; stored beside it, never part of the domain data. */
export interface EventMetadata {
  readonly actorId: string | null;
  readonly requestId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly clientIp: string | null;
}

interface RecordedEventOf<E extends DomainEvent> {
  readonly globalPosition: number;
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

/** `'any'` appends whatever the stream's version is (for streams nobody decides on, like logs). */
export type ExpectedVersion = number | 'any';

export function noMetadata(): EventMetadata {
  return { actorId: null, requestId: null, correlationId: null, causationId: null, clientIp: null };
}

import { expect } from 'vitest';
import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent } from '../domain/index.js';
import type { InlineProjector } from '../event-store/inline-projector.js';
import { noMetadata, type RecordedEvent } from '../event-store/recorded-event.js';

let nextPosition = 1_000_000;

/** A domain event as the store would hand it over: positions count up, the rest has test defaults. */
export function recorded<E extends DomainEvent>(event: E, overrides: Partial<RecordedEvent<E>> = {}): RecordedEvent<E> {
  const globalPosition = nextPosition++;
  return {
    globalPosition,
    transactionId: String(globalPosition),
    streamId: 'test-stream',
    streamType: 'test',
    version: 1,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: noMetadata(),
    createdAt: new Date(),
    ...overrides,
  } as RecordedEvent<E>;
}

/**
 * Given/then for a projector against the real database: given these events, projected in one
 * transaction (rolled back afterwards, so cases never see each other), then these rows.
 *
 *   await projectionSpec(dataSource, new LedgerProjector()).given([paid]).then(sql, params, rows);
 */
export function projectionSpec(dataSource: DataSource, projector: InlineProjector) {
  const inRolledBackTransaction = async <T>(work: (tx: EntityManager) => Promise<T>): Promise<T> => {
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      return await work(runner.manager);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  };
  return {
    given(events: readonly RecordedEvent[], setup: (tx: EntityManager) => Promise<unknown> = async () => undefined) {
      const project = async (tx: EntityManager) => {
        await setup(tx);
        await projector.project(events, tx);
      };
      return {
        /** The rows `sql` returns after the projection. */
        then: (sql: string, params: unknown[], rows: unknown[]) =>
          inRolledBackTransaction(async (tx) => {
            await project(tx);
            expect(await tx.query(sql, params)).toEqual(rows);
          }),
        /** The projection refuses, with this domain code (the append it belongs to rolls back). */
        thenRefuses: (code: string) =>
          inRolledBackTransaction(async (tx) => {
            await expect(project(tx)).rejects.toMatchObject({ code });
          }),
      };
    },
  };
}

import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EventSubscriber, EventSubscription, EventTypeRegistry, type RecordedEvent } from '#platform';

/** Event types only tests append; a process reads only types it declares. */
@Module({})
export class TestEventTypesModule implements OnModuleInit {
  constructor(private readonly registry: EventTypeRegistry) {}

  onModuleInit(): void {
    this.registry.register({
      'test.thing-happened': { schemaVersion: 1 },
      'test.thing-renamed': { schemaVersion: 2, upcasters: { 1: (data) => ({ name: data.title, renamedBy: 'legacy' }) } },
    });
  }
}

/**
 * Two subscribers that only remember what they were handed, one of each delivery mode, so tests
 * can compare what every subscriber saw with what the store holds. The transactional one writes
 * to `test_deliveries`, which the test creates.
 */
@Injectable()
@EventSubscription()
export class TransactionalRecorder implements EventSubscriber {
  readonly subscriptionName = 'test-transactional-recorder';
  readonly delivery = 'transactional' as const;

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    await manager.query(`INSERT INTO test_deliveries (subscriber, global_position) SELECT $1, unnest($2::bigint[])`, [
      this.subscriptionName,
      events.map((event) => event.globalPosition),
    ]);
  }
}

@Injectable()
@EventSubscription()
export class AtLeastOnceRecorder implements EventSubscriber {
  readonly subscriptionName = 'test-at-least-once-recorder';
  readonly delivery = 'at-least-once' as const;
  readonly delivered: number[] = [];

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    this.delivered.push(...events.map((event) => event.globalPosition));
  }
}

@Module({ imports: [TestEventTypesModule], providers: [TransactionalRecorder, AtLeastOnceRecorder] })
export class RecordingSubscribersModule {}

export const CREATE_DELIVERIES_TABLE = `CREATE TABLE IF NOT EXISTS test_deliveries (subscriber text NOT NULL, global_position bigint NOT NULL)`;

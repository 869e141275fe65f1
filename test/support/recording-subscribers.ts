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
 * to `test_deliveries` (made in the template database: the app role creates no tables).
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

/** Refuses events whose data says `poison: true` while `refusing` is on; records the rest. */
@Injectable()
@EventSubscription()
export class PickyRecorder implements EventSubscriber {
  readonly subscriptionName = 'test-picky-recorder';
  readonly delivery = 'transactional' as const;
  readonly eventTypes = ['test.thing-happened'];
  refusing = true;
  readonly delivered: number[] = [];

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const poisoned = events.find((event) => (event.data as { poison?: boolean }).poison);
    if (poisoned && this.refusing) throw new Error(`cannot digest event ${poisoned.globalPosition}`);
    this.delivered.push(...events.map((event) => event.globalPosition));
  }
}

@Module({ imports: [TestEventTypesModule], providers: [PickyRecorder, TransactionalRecorder, AtLeastOnceRecorder] })
export class PickySubscribersModule {}

/** `count` subscribers that do nothing, to see what many subscriptions cost a worker. */
export function idleSubscribersModule(count: number): { module: new () => object; providers: (new () => EventSubscriber)[] } {
  const providers = Array.from({ length: count }, (_, i) => {
    @Injectable()
    @EventSubscription()
    class IdleSubscriber implements EventSubscriber {
      readonly subscriptionName = `test-idle-${i}`;
      readonly delivery = 'at-least-once' as const;
      async handle(): Promise<void> {}
    }
    return IdleSubscriber;
  });
  @Module({ imports: [TestEventTypesModule], providers })
  class IdleSubscribersModule {}
  return { module: IdleSubscribersModule, providers };
}

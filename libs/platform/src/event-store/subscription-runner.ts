import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { checkpoints } from './checkpoints.js';
import { EventSubscription, type EventSubscriber } from './event-subscriber.js';
import { EventStore } from './event-store.js';
import { type EventPosition, positionOf } from './recorded-event.js';

const BATCH_SIZE = 500;
const RETRY_DELAY_MS = 1000;

/**
 * Runs every EventSubscriber in the process: one loop each, and at most one runner per
 * subscriber across all processes (a session-level advisory lock on a dedicated connection).
 */
@Injectable()
export class SubscriptionRunner {
  private readonly logger = new Logger(SubscriptionRunner.name);
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  subscribers(): EventSubscriber[] {
    return this.discovery
      .getProviders({ metadataKey: EventSubscription.KEY })
      .map((wrapper) => wrapper.instance as EventSubscriber)
      .filter((instance): instance is EventSubscriber => instance !== undefined && instance !== null);
  }

  start(pollMs: number): void {
    this.loops = this.subscribers().map((subscriber) => this.run(subscriber, pollMs));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async run(subscriber: EventSubscriber, pollMs: number): Promise<void> {
    const name = subscriber.subscriptionName;
    let connection: QueryRunner | undefined;
    while (!this.abort.signal.aborted) {
      try {
        connection ??= this.dataSource.createQueryRunner();
        const [{ locked }]: [{ locked: boolean }] = await connection.query(
          `SELECT pg_try_advisory_lock(hashtext('subscription:' || $1)) AS locked`,
          [name],
        );
        if (!locked) {
          await this.sleep(pollMs * 10); // another process runs it: stand by
          continue;
        }
        await checkpoints.ensure(connection.manager, name);
        await this.consume(subscriber, connection, pollMs);
      } catch (error) {
        this.logger.error(`subscription ${name} failed, retrying: ${(error as Error).message}`);
        await this.sleep(RETRY_DELAY_MS);
      }
    }
    if (connection) {
      await connection.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await connection.release();
    }
  }

  /** Reads, handles and checkpoints batches until stopped; throws to make `run` retry. */
  private async consume(subscriber: EventSubscriber, connection: QueryRunner, pollMs: number): Promise<void> {
    const name = subscriber.subscriptionName;
    while (!this.abort.signal.aborted) {
      const position = await checkpoints.read(connection.manager, name);
      const batch = await this.store.readAll(position, BATCH_SIZE, connection.manager);
      if (batch.length === 0) {
        await this.sleep(pollMs);
        continue;
      }
      const next = positionOf(batch[batch.length - 1]!);
      const wanted = subscriber.eventTypes
        ? batch.filter((event) => subscriber.eventTypes!.includes(event.type))
        : batch;
      if (subscriber.delivery === 'transactional') {
        await connection.startTransaction();
        try {
          if (wanted.length > 0) await subscriber.handle(wanted, connection.manager);
          await this.advance(connection, name, position, next);
          await connection.commitTransaction();
        } catch (error) {
          await connection.rollbackTransaction();
          throw error;
        }
      } else {
        if (wanted.length > 0) await subscriber.handle(wanted, connection.manager);
        await this.advance(connection, name, position, next);
      }
    }
  }

  private async advance(connection: QueryRunner, name: string, from: EventPosition, to: EventPosition): Promise<void> {
    if (!(await checkpoints.compareAndSet(connection.manager, name, from, to))) {
      throw new Error(`checkpoint ${name} moved under us (expected ${from.transactionId}/${from.globalPosition})`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

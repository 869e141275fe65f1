import { Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { addressOf } from '../config/address.js';
import { isDatabaseConnectionError } from '../database/connection-errors.js';
import { OutageLog } from '../observability/outage-log.js';
import { checkpoints } from './checkpoints.js';
import { EventSubscription, type EventSubscriber } from './event-subscriber.js';
import { EventStore, UnreadableEvent } from './event-store.js';
import { parkedEvents } from './parked-events.js';
import { type EventPosition, positionOf, type RecordedEvent } from './recorded-event.js';
import { SubscriptionLocks } from './subscription-locks.js';

const BATCH_SIZE = 500;
/** How often a standby asks whether the leader has gone. */
const STANDBY_POLL_MS = 1000;
/** How often a leader looks for parked events staff asked to retry. */
const RETRY_REQUEST_POLL_MS = 1000;

/** Another runner moved the checkpoint first: this one's batch is void (and was rolled back if transactional). */
class CheckpointMoved extends Error {
  override name = 'CheckpointMoved';
}

const compare = (a: EventPosition, b: EventPosition) =>
  a.transactionId === b.transactionId
    ? a.globalPosition - b.globalPosition
    : BigInt(a.transactionId) < BigInt(b.transactionId)
      ? -1
      : 1;

/** One subscription's loop: where it stands and how its head event has fared. */
interface LoopState {
  position: EventPosition | null;
  /** After a failed batch, events are handed over one at a time up to here, to find the one that fails. */
  isolateThrough: EventPosition | null;
  failing: { globalPosition: number; attempts: number } | null;
  nextRetryCheck: number;
}

/**
 * Runs every EventSubscriber of the process: one loop each, led by at most one process at a time
 * (advisory locks on one dedicated connection; batches use the pool only while they run).
 * An event that keeps failing is parked after `subscriptionMaxAttempts` with its error and the
 * subscription goes on; a dropped connection is retried on a new one with nothing lost or repeated.
 */
@Injectable()
export class SubscriptionRunner {
  private readonly logger = new Logger('Subscriptions');
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];
  private locks: SubscriptionLocks | null = null;
  private outage: OutageLog;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Retries are silent: one line when the database goes away, one when it is back.
    this.outage = new OutageLog('PostgreSQL', addressOf(config.databaseUrl), this.logger);
    this.outage.affects('event subscriptions paused');
  }

  subscribers(): EventSubscriber[] {
    return this.discovery
      .getProviders({ metadataKey: EventSubscription.KEY })
      .map((wrapper) => wrapper.instance as EventSubscriber)
      .filter((instance): instance is EventSubscriber => instance !== undefined && instance !== null);
  }

  start(): void {
    this.locks = new SubscriptionLocks(this.config.databaseUrl);
    this.loops = this.subscribers().map((subscriber) => this.run(subscriber));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
    await this.locks?.close();
  }

  private async run(subscriber: EventSubscriber): Promise<void> {
    const name = subscriber.subscriptionName;
    const state: LoopState = { position: null, isolateThrough: null, failing: null, nextRetryCheck: 0 };
    while (!this.abort.signal.aborted) {
      try {
        if (!(await this.locks!.tryAcquire(name))) {
          state.position = null; // another process leads: what we knew goes stale
          await this.sleep(STANDBY_POLL_MS);
          continue;
        }
        if (state.position === null) {
          await checkpoints.ensure(this.dataSource.manager, name);
          state.position = await checkpoints.read(this.dataSource.manager, name);
        }
        if (Date.now() >= state.nextRetryCheck) {
          state.nextRetryCheck = Date.now() + RETRY_REQUEST_POLL_MS;
          await this.retryRequested(subscriber);
        }
        const progressed = await this.step(subscriber, state);
        this.outage.recovered();
        if (!progressed) await this.sleep(this.config.subscriptionPollMs);
      } catch (error) {
        state.position = null; // re-read: another leader may have moved it
        if (isDatabaseConnectionError(error)) this.outage.failed(error);
        else if (error instanceof CheckpointMoved) this.logger.warn(`subscription ${name}: ${error.message}`);
        else this.logger.error(`subscription ${name} failed, retrying: ${(error as Error)?.message ?? error}`);
        await this.sleep(this.config.subscriptionRetryDelayMs);
      }
    }
  }

  /** Reads and delivers one batch; false when there was nothing to read. */
  private async step(subscriber: EventSubscriber, state: LoopState): Promise<boolean> {
    const from = state.position!;
    const isolating = state.isolateThrough !== null && compare(from, state.isolateThrough) < 0;
    if (!isolating) state.isolateThrough = null;
    let batch: RecordedEvent[];
    try {
      batch = await this.store.readAll(from, isolating ? 1 : BATCH_SIZE);
    } catch (error) {
      if (!(error instanceof UnreadableEvent)) throw error;
      // Only an event this process cannot read at all stops the read: find it alone, then fail it.
      if (!isolating) {
        state.isolateThrough = error.position;
        return true;
      }
      return this.failed(subscriber, state, error.position, error.eventType, error);
    }
    if (batch.length === 0) return false;
    const to = positionOf(batch[batch.length - 1]!);
    try {
      await this.deliver(subscriber, batch, from, to);
    } catch (error) {
      if (isDatabaseConnectionError(error) || error instanceof CheckpointMoved) throw error;
      if (batch.length > 1) {
        state.isolateThrough = to; // hand the batch over one event at a time to find the one that fails
        return true;
      }
      return this.failed(subscriber, state, to, batch[0]!.type, error);
    }
    state.position = to;
    state.failing = null;
    return true;
  }

  private async deliver(subscriber: EventSubscriber, batch: RecordedEvent[], from: EventPosition, to: EventPosition): Promise<void> {
    const wanted = subscriber.eventTypes ? batch.filter((event) => subscriber.eventTypes!.includes(event.type)) : batch;
    if (subscriber.delivery === 'transactional') {
      await this.dataSource.transaction(async (tx) => {
        if (wanted.length > 0) await subscriber.handle(wanted, tx);
        await this.advance(tx, subscriber.subscriptionName, from, to);
      });
    } else {
      if (wanted.length > 0) await subscriber.handle(wanted, this.dataSource.manager);
      await this.advance(this.dataSource.manager, subscriber.subscriptionName, from, to);
    }
  }

  /** Counts a failure of the event at `position`; parks it, and moves past it, once it has failed too often. */
  private async failed(subscriber: EventSubscriber, state: LoopState, position: EventPosition, eventType: string, error: unknown) {
    const name = subscriber.subscriptionName;
    const attempts = state.failing?.globalPosition === position.globalPosition ? state.failing.attempts + 1 : 1;
    state.failing = { globalPosition: position.globalPosition, attempts };
    const max = this.config.subscriptionMaxAttempts;
    const reason = (error as Error)?.message ?? String(error);
    if (attempts < max) {
      this.logger.warn(`subscription ${name}: event ${position.globalPosition} (${eventType}) failed, attempt ${attempts} of ${max}: ${reason}`);
      await this.sleep(this.config.subscriptionRetryDelayMs * 2 ** (attempts - 1));
      return true;
    }
    const from = state.position!;
    await this.dataSource.transaction(async (tx) => {
      await parkedEvents.park(tx, name, position, eventType, attempts, error);
      await this.advance(tx, name, from, position);
    });
    this.logger.error(`subscription ${name}: parked event ${position.globalPosition} (${eventType}) after ${attempts} attempts: ${reason}`);
    state.position = position;
    state.failing = null;
    return true;
  }

  /** Delivers, one by one, the parked events staff asked to retry; a failure parks it again. */
  private async retryRequested(subscriber: EventSubscriber): Promise<void> {
    const name = subscriber.subscriptionName;
    for (const parked of await parkedEvents.retryRequested(this.dataSource.manager, name, 20)) {
      try {
        const event = await this.store.readEvent(parked.globalPosition);
        const wanted = event && (!subscriber.eventTypes || subscriber.eventTypes.includes(event.type)) ? [event] : [];
        if (subscriber.delivery === 'transactional') {
          await this.dataSource.transaction(async (tx) => {
            if (wanted.length > 0) await subscriber.handle(wanted, tx);
            await parkedEvents.resolve(tx, name, parked.globalPosition);
          });
        } else {
          if (wanted.length > 0) await subscriber.handle(wanted, this.dataSource.manager);
          await parkedEvents.resolve(this.dataSource.manager, name, parked.globalPosition);
        }
        this.logger.log(`subscription ${name}: parked event ${parked.globalPosition} delivered on retry`);
      } catch (error) {
        if (isDatabaseConnectionError(error)) throw error;
        await parkedEvents.failedAgain(this.dataSource.manager, name, parked.globalPosition, error);
        this.logger.error(`subscription ${name}: parked event ${parked.globalPosition} failed again: ${(error as Error)?.message ?? error}`);
      }
    }
  }

  private async advance(manager: EntityManager, name: string, from: EventPosition, to: EventPosition): Promise<void> {
    if (!(await checkpoints.compareAndSet(manager, name, from, to))) {
      throw new CheckpointMoved(`checkpoint ${name} moved under us (expected ${from.transactionId}/${from.globalPosition})`);
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

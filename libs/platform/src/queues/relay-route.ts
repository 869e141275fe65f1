import { DiscoveryService } from '@nestjs/core';
import type { RecordedEvent } from '../event-store/recorded-event.js';
import type { QueueName } from './queue-name.js';

/**
 * "When an event of `eventType` is stored, run job `jobName` on `queue` with the event" — at once,
 * or not before `runAt(event)` (a deadline the event carries, such as an order's payment window).
 */
export interface RelayRoute {
  readonly eventType: string;
  readonly queue: QueueName;
  readonly jobName: string;
  readonly runAt?: (event: RecordedEvent) => Date | null;
}

/** A provider whose `relayRoutes` property lists the events its domain wants as jobs. */
export const RelaysEvents = DiscoveryService.createDecorator<void>();

export interface JobHandlerDeclaration {
  readonly queue: QueueName;
  readonly jobNames: readonly string[];
}

/** Declares the job names a BullMQ processor handles; the worker refuses to start on a route nobody handles. */
export const HandlesJobs = DiscoveryService.createDecorator<JobHandlerDeclaration>();

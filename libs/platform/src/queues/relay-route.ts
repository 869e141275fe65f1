import { SetMetadata } from '@nestjs/common';
import type { QueueName } from './queue-name.js';

/** "When an event of `eventType` is stored, run job `jobName` on `queue` with the event." */
export interface RelayRoute {
  readonly eventType: string;
  readonly queue: QueueName;
  readonly jobName: string;
}

export const RELAY_ROUTES = 'zhiku:relay-routes';
export const JOB_HANDLERS = 'zhiku:job-handlers';

/** A provider whose `relayRoutes` property lists the events its domain wants as jobs. */
export const RelaysEvents = (): ClassDecorator => SetMetadata(RELAY_ROUTES, true);

/** Declares the job names a BullMQ processor handles; the worker refuses to start on a route nobody handles. */
export const HandlesJobs = (queue: QueueName, jobNames: readonly string[]): ClassDecorator =>
  SetMetadata(JOB_HANDLERS, { queue, jobNames });

export interface JobHandlerDeclaration {
  readonly queue: QueueName;
  readonly jobNames: readonly string[];
}

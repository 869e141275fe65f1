import { Injectable } from '@nestjs/common';
import { QueueName, type RelayRoute, RelaysEvents } from '#platform';
import { ANNOUNCING_EVENTS } from '../domain/notifications.js';
import { NotificationJob } from './notification-jobs.js';

/** Every announcing event becomes a fan-out job, through the outbox relay (never a queue.add beside a transaction). */
@Injectable()
@RelaysEvents()
export class SocialRelayRoutes {
  readonly relayRoutes: readonly RelayRoute[] = Object.keys(ANNOUNCING_EVENTS).map((eventType) => ({
    eventType,
    queue: QueueName.Notifications,
    jobName: NotificationJob.FanOut,
  }));
}

import { Injectable } from '@nestjs/common';
import { QueueName, type RelayRoute, RelaysEvents } from '#platform';
import { AnalyticsJob, CleansingJob } from './analytics-jobs.js';

/** The server facts and item facts this domain takes from the event store; the worker's OutboxRelay enqueues them. */
@Injectable()
@RelaysEvents()
export class AnalyticsRelayRoutes {
  readonly relayRoutes: readonly RelayRoute[] = [
    { eventType: 'commerce.order-placed', queue: QueueName.Cleansing, jobName: CleansingJob.ServerFact },
    { eventType: 'commerce.order-paid', queue: QueueName.Cleansing, jobName: CleansingJob.ServerFact },
    { eventType: 'commerce.order-refunded', queue: QueueName.Cleansing, jobName: CleansingJob.ServerFact },
    // A member's enrolment: membership opens items without an order, so their first lesson opened is the fact.
    { eventType: 'catalog.lesson-opened', queue: QueueName.Cleansing, jobName: CleansingJob.ServerFact },
    { eventType: 'analytics.import-requested', queue: QueueName.Cleansing, jobName: CleansingJob.Import },
    { eventType: 'identity.session-started', queue: QueueName.Cleansing, jobName: CleansingJob.SessionStarted },
    { eventType: 'catalog.content-approved', queue: QueueName.Analytics, jobName: AnalyticsJob.ItemPublished },
  ];
}

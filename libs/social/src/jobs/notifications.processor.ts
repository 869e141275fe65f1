import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { notificationPlanOf } from '../domain/notifications.js';
import { type FanOutOutcome, NotificationFanOut } from './notification-fan-out.js';
import { type FanOutJobData, NotificationJob } from './notification-jobs.js';

/** Thin: the plan an event makes, then the fan-out, which makes a rerun deliver nothing twice. */
@Processor(QueueName.Notifications, { concurrency: 2 })
@HandlesJobs({ queue: QueueName.Notifications, jobNames: Object.values(NotificationJob) })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly fanOut: NotificationFanOut) {
    super();
  }

  async process(job: Job): Promise<FanOutOutcome | null> {
    if (job.name !== NotificationJob.FanOut) throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Notifications}`);
    const event = job.data as FanOutJobData;
    const plan = notificationPlanOf(event.type, event.data as Record<string, unknown>);
    return plan ? this.fanOut.deliver(plan, (followers) => job.updateProgress({ followers })) : null;
  }
}

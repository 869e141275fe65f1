import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName, systemContext } from '#platform';
import { ExpireOrder } from '../commands/expire-order.js';
import { ReleaseCouponRedemption } from '../commands/release-coupon-redemption.js';
import { BillingJob, type ExpireOrderJobData, type ReleaseCouponJobData } from './billing-jobs.js';

/**
 * Thin jobs on the billing queue: each runs a command that is a no-op when repeated (an order
 * already paid, failed or expired stays as it is; a redemption released once stays released). An
 * expiry that comes early (clocks apart) is refused by the decider and retried with backoff.
 */
@Processor(QueueName.Billing)
@HandlesJobs({ queue: QueueName.Billing, jobNames: Object.values(BillingJob) })
export class BillingProcessor extends WorkerHost {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case BillingJob.ExpireOrder: {
        const { data } = job.data as ExpireOrderJobData;
        return this.commands.execute(new ExpireOrder(data.orderId, systemContext(`job-${job.id}`)));
      }
      case BillingJob.ReleaseCoupon: {
        const { data } = job.data as ReleaseCouponJobData;
        return this.commands.execute(new ReleaseCouponRedemption(data.orderId, systemContext(`job-${job.id}`)));
      }
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Billing}`);
    }
  }
}

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName, systemContext } from '#platform';
import { ChargeMembership } from '../commands/charge-membership.js';
import { ExpireOrder } from '../commands/expire-order.js';
import { InstructPayout } from '../commands/instruct-payout.js';
import { InstructRefund } from '../commands/instruct-refund.js';
import { ReconcilePendingPayments } from '../commands/reconcile-pending-payments.js';
import { ReconcileSettlements } from '../commands/reconcile-settlements.js';
import { addDays } from '../domain/periods.js';
import { ReleaseCouponRedemption } from '../commands/release-coupon-redemption.js';
import { SettleSubscription } from '../commands/subscriptions.js';
import {
  BillingJob,
  type ChargeMembershipJobData,
  dueAtOf,
  type ExpireOrderJobData,
  type InstructPayoutJobData,
  type InstructRefundJobData,
  type ReleaseCouponJobData,
  type SettleSubscriptionJobData,
} from './billing-jobs.js';

/**
 * Thin jobs on the billing queue: each runs a command that is a no-op when repeated (an order
 * already paid, failed or expired stays as it is; a redemption released once stays released; a
 * subscription settled once finds nothing more due). A job that comes early (clocks apart) is
 * refused by the decider and retried with backoff.
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
      case BillingJob.SettleSubscription:
      case BillingJob.SettleSubscriptionAtPeriodEnd: {
        const event = job.data as SettleSubscriptionJobData;
        const dueAt = dueAtOf(event as Parameters<typeof dueAtOf>[0], job.name);
        if (dueAt === null) return { settled: [] };
        return this.commands.execute(new SettleSubscription(event.data.subscriptionId, dueAt, systemContext(`job-${job.id}`)));
      }
      case BillingJob.InstructRefund:
        return this.commands.execute(new InstructRefund((job.data as InstructRefundJobData).data.refundId, systemContext(`job-${job.id}`)));
      case BillingJob.ChargeMembership:
        return this.commands.execute(new ChargeMembership((job.data as ChargeMembershipJobData).data.paymentId, systemContext(`job-${job.id}`)));
      case BillingJob.InstructPayout:
        return this.commands.execute(new InstructPayout((job.data as InstructPayoutJobData).data.payoutId, systemContext(`job-${job.id}`)));
      case BillingJob.ReconcilePending:
        return this.commands.execute(new ReconcilePendingPayments(systemContext(`job-${job.id}`)));
      case BillingJob.ReconcileSettlements:
        // The day before the one the run was scheduled on (UTC): its settlements are complete.
        return this.commands.execute(new ReconcileSettlements(addDays(new Date(job.timestamp).toISOString(), -1).slice(0, 10)));
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Billing}`);
    }
  }
}

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig, HandlesJobs, QueueName } from '#platform';
import { DeliveryLog, type DeliveryToSend } from '../delivery/delivery-log.js';
import { signatureHeader, sendWebhook } from '../delivery/webhook-sender.js';
import { WebhookSecrets } from '../delivery/webhook-secrets.js';
import { type DeliverJobData, type RedeliverJobData, WebhookJob } from './webhook-jobs.js';

type Outcome = { sent: boolean; outcome?: 'succeeded' | 'canceled' };

/**
 * Thin jobs: a delivery no longer waiting is left alone, so a rerun sends nothing twice. A failed
 * attempt is logged and thrown, for BullMQ to retry with exponential backoff; the last one fails
 * the delivery. Each attempt is signed afresh (its timestamp is the attempt's).
 */
@Processor(QueueName.Webhooks, { concurrency: 8 })
@HandlesJobs({ queue: QueueName.Webhooks, jobNames: Object.values(WebhookJob) })
export class WebhooksProcessor extends WorkerHost {
  constructor(
    private readonly log: DeliveryLog,
    private readonly secrets: WebhookSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job): Promise<Outcome> {
    switch (job.name) {
      case WebhookJob.Deliver:
        return this.deliver(job as Job<DeliverJobData>);
      case WebhookJob.Redeliver:
        return this.redeliver(job as Job<RedeliverJobData>);
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Webhooks}`);
    }
  }

  async deliver(job: Job<DeliverJobData>): Promise<Outcome> {
    const delivery = await this.log.load(job.data.deliveryId);
    if (!delivery || delivery.status !== 'pending') return { sent: false };
    return this.attempt(job, delivery, 'event');
  }

  async redeliver(job: Job<RedeliverJobData>): Promise<Outcome> {
    const { deliveryId } = job.data.data;
    if (!(await this.log.reopen(deliveryId, job.data.globalPosition))) return { sent: false };
    const delivery = await this.log.load(deliveryId);
    return delivery ? this.attempt(job, delivery, 'redelivery') : { sent: false };
  }

  private async attempt(job: Job, delivery: DeliveryToSend, trigger: 'event' | 'redelivery'): Promise<Outcome> {
    if (delivery.endpointStatus !== 'enabled') {
      await this.log.cancel(delivery.id);
      return { sent: false, outcome: 'canceled' };
    }
    const startedAt = new Date();
    const secrets = await this.secrets.signingSecrets(delivery.endpointId, startedAt);
    const result = await sendWebhook(
      delivery.url,
      delivery.payload,
      {
        'user-agent': 'Zhiku-Webhooks/1',
        'zhiku-signature': signatureHeader(secrets, delivery.payload, Math.floor(startedAt.getTime() / 1000)),
        'zhiku-webhook-id': delivery.id,
        'zhiku-webhook-event': delivery.eventType,
      },
      { timeoutMs: this.config.webhooks.timeoutMs, allowPrivateTargets: this.config.webhooks.allowPrivateTargets },
    );
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.log.recordAttempt(delivery.id, trigger, startedAt, result, last);
    if (result.outcome === 'failed') {
      throw new Error(`delivery ${delivery.id} failed: ${result.statusCode !== null ? `HTTP ${result.statusCode}` : result.error}`);
    }
    return { sent: true, outcome: 'succeeded' };
  }
}

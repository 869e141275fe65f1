import type { RecordedEvent } from '#platform';

/** Job names on QueueName.Notifications. */
export const NotificationJob = {
  /** An announcing event (an item published), relayed: its followers' notifications and mails. */
  FanOut: 'fan-out',
} as const;

/** A relayed event as a job carries it: BullMQ stores job data as JSON, so dates arrive as ISO strings. */
export type FanOutJobData = Omit<RecordedEvent, 'createdAt'> & { readonly createdAt: string };

/** Job names on QueueName.Audit. */
export const AuditJob = {
  Checkpoint: 'checkpoint',
} as const;

/** What the repeatable schedule enqueues. */
export interface CheckpointJobData {
  readonly trigger: 'schedule';
}

/** The id of the BullMQ job scheduler that enqueues the periodic checkpoint. */
export const CHECKPOINT_SCHEDULER_ID = 'audit-checkpoint';

/** Job names on QueueName.Security. */
export const SecurityJob = {
  DetectAnomalies: 'detect-anomalies',
} as const;

export interface DetectAnomaliesJobData {
  readonly trigger: 'schedule';
}

/** The id of the BullMQ job scheduler that enqueues the periodic scan. */
export const ANOMALY_SCHEDULER_ID = 'security-anomalies';

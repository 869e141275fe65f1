import type { RecordedEvent } from '#platform';
import type { UploadCompleted } from '../domain/media-asset-events.js';

/** Job names on QueueName.Media. */
export const MediaJob = {
  /** Read what an uploaded asset's bytes are and mark it ready or rejected; relayed from media.upload-completed. */
  InspectUpload: 'inspect-upload',
} as const;

/** A relayed event as a job carries it: BullMQ stores job data as JSON, so dates arrive as ISO strings. */
export type InspectUploadJobData = Omit<RecordedEvent<UploadCompleted>, 'createdAt'> & { readonly createdAt: string };

import { Injectable } from '@nestjs/common';
import { QueueName, type RelayRoute, RelaysEvents } from '#platform';
import { MediaJob } from './media-jobs.js';

/** A completed upload becomes an inspection job (through the outbox relay, never from the command). */
@Injectable()
@RelaysEvents()
export class MediaRelayRoutes {
  readonly relayRoutes: readonly RelayRoute[] = [{ eventType: 'media.upload-completed', queue: QueueName.Media, jobName: MediaJob.InspectUpload }];
}

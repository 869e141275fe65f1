import { Module } from '@nestjs/common';
import { MediaRelayRoutes } from './jobs/media-relay-routes.js';
import { MediaProcessor } from './jobs/media.processor.js';
import { MediaModule } from './media.module.js';

/** The worker side: completed uploads relayed as jobs, and the processor that checks their bytes. */
@Module({
  imports: [MediaModule],
  providers: [MediaRelayRoutes, MediaProcessor],
})
export class MediaWorkerModule {}

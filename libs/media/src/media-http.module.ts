import { Module } from '@nestjs/common';
import { MediaFilesController } from './http/media-files.controller.js';
import { MediaController } from './http/media.controller.js';
import { MediaModule } from './media.module.js';

/** The api side of media: creators' uploads and lists, playback URLs, and the api's own signed file routes. */
@Module({
  imports: [MediaModule],
  controllers: [MediaController, MediaFilesController],
})
export class MediaHttpModule {}

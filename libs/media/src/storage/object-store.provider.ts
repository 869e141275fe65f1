import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#platform';
import { LocalDiskStore } from './local-disk-store.js';
import { MediaUrls } from './media-urls.js';
import { OBJECT_STORE, type MediaStore } from './object-store.js';
import { S3Store } from './s3-store.js';

/** The object store MEDIA_STORE names: the local directory (default) or an S3-compatible bucket. */
export const objectStoreProvider: Provider = {
  provide: OBJECT_STORE,
  inject: [APP_CONFIG, MediaUrls],
  useFactory: (config: AppConfig, urls: MediaUrls): MediaStore =>
    config.media.s3 ? new S3Store(config.media.s3) : new LocalDiskStore(config.media.dir, urls),
};

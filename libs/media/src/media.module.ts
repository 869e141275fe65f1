import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { AssetOfManager } from './commands/asset-of-manager.js';
import { CompleteUploadHandler } from './commands/complete-upload.js';
import { ContentOfCreator } from './commands/content-of-creator.js';
import { DeclareUploadHandler } from './commands/declare-upload.js';
import { DeleteAssetHandler } from './commands/delete-asset.js';
import { InspectUploadHandler } from './commands/inspect-upload.js';
import { ReceiveUploadHandler } from './commands/receive-upload.js';
import { mediaEventTypes } from './domain/media-asset-events.js';
import { MediaRules } from './policies/media.rules.js';
import { MediaAssetsProjector } from './projections/media-assets.projector.js';
import { AuthorizeDownloadHandler } from './queries/authorize-download.js';
import { GetAssetRowHandler } from './queries/get-asset.js';
import { IssuePlaybackUrlHandler } from './queries/issue-playback-url.js';
import { ListContentAssetsHandler } from './queries/list-content-assets.js';
import { MediaAccess } from './queries/media-access.js';
import { MediaUrls } from './storage/media-urls.js';
import { objectStoreProvider } from './storage/object-store.provider.js';
import { OBJECT_STORE } from './storage/object-store.js';

/** The media core, in every process: event types, commands, queries, the inline projection, rules, the object store. */
@Module({
  providers: [
    DeclareUploadHandler,
    ReceiveUploadHandler,
    CompleteUploadHandler,
    InspectUploadHandler,
    DeleteAssetHandler,
    ListContentAssetsHandler,
    GetAssetRowHandler,
    IssuePlaybackUrlHandler,
    AuthorizeDownloadHandler,
    MediaAssetsProjector,
    MediaRules,
    MediaAccess,
    ContentOfCreator,
    AssetOfManager,
    MediaUrls,
    objectStoreProvider,
  ],
  exports: [OBJECT_STORE],
})
export class MediaModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(mediaEventTypes);
  }
}

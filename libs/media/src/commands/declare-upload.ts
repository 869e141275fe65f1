import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AbilityFactory, APP_CONFIG, type AppConfig, type CommandContext, Decisions } from '#platform';
import { assetStream, mediaAssetDecider, storageKeyOf } from '../domain/media-asset.js';
import { MediaErrors } from '../domain/media.errors.js';
import { type MediaStore, OBJECT_STORE, type UploadTarget } from '../storage/object-store.js';
import { ContentOfCreator } from './content-of-creator.js';

export interface DeclaredUpload {
  readonly assetId: string;
  readonly upload: UploadTarget;
}

/** A creator declares a file for one of their contents (a lesson of it, optionally) and gets where to upload it. */
export class DeclareUpload extends Command<DeclaredUpload> {
  constructor(
    readonly contentId: string,
    readonly lessonId: string | null,
    readonly kind: string,
    readonly mimeType: string,
    readonly sizeBytes: number,
    readonly fileName: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeclareUpload)
export class DeclareUploadHandler implements ICommandHandler<DeclareUpload> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly contents: ContentOfCreator,
    @Inject(OBJECT_STORE) private readonly store: MediaStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ contentId, lessonId, kind, mimeType, sizeBytes, fileName, context }: DeclareUpload): Promise<DeclaredUpload> {
    const creator = this.abilities.require(context.actor, 'upload', 'MediaAsset');
    // Only the content's own creator: another creator's content (or lesson) is as good as missing.
    const content = await this.contents.find(contentId, creator);
    if (!content || content.creatorId !== creator.userId || (lessonId !== null && !content.lessonIds.includes(lessonId))) {
      throw MediaErrors.contentNotFound();
    }
    const assetId = randomUUID();
    await this.decisions.execute(mediaAssetDecider, {
      ...assetStream(assetId),
      context,
      command: { type: 'Declare', assetId, contentId, lessonId, creatorId: creator.userId, kind, mimeType, sizeBytes, fileName, limits: this.config.media.maxBytes },
    });
    const expiresAt = new Date(Date.now() + this.config.media.uploadUrlTtlSeconds * 1000);
    const upload = await this.store.uploadTarget({ assetId, storageKey: storageKeyOf(assetId), mimeType, sizeBytes }, expiresAt);
    return { assetId, upload };
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, Decisions } from '#platform';
import { assetStream, mediaAssetDecider } from '../domain/media-asset.js';
import { type MediaStore, OBJECT_STORE } from '../storage/object-store.js';
import { AssetOfManager } from './asset-of-manager.js';

/**
 * The creator's client says the bytes are up. The object store is asked what it holds: exactly the
 * declared size completes the upload (the worker then checks what the bytes are); another size
 * rejects the asset and removes the object. Again, or 30 times at once: the same answer.
 */
export class CompleteUpload extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly assetId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CompleteUpload)
export class CompleteUploadHandler implements ICommandHandler<CompleteUpload> {
  constructor(
    private readonly decisions: Decisions,
    private readonly assets: AssetOfManager,
    @Inject(OBJECT_STORE) private readonly store: MediaStore,
  ) {}

  async execute({ contentId, assetId, context }: CompleteUpload): Promise<void> {
    const asset = await this.assets.load(assetId, context.actor, contentId);
    const storedBytes = asset.status === 'declared' ? await this.store.sizeOf(asset.storageKey) : null;
    const result = await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(mediaAssetDecider, {
        ...assetStream(assetId),
        context,
        authorize: this.assets.authorize(context.actor, contentId),
        command: { type: 'CompleteUpload', storedBytes, by: context.actor!.userId },
      }),
    );
    if (result.events.some((event) => event.type === 'media.asset-rejected')) await this.store.remove(asset.storageKey);
  }
}

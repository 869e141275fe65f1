import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, Decisions } from '#platform';
import { assetStream, mediaAssetDecider } from '../domain/media-asset.js';
import { type MediaStore, OBJECT_STORE } from '../storage/object-store.js';
import { AssetOfManager } from './asset-of-manager.js';

/** Its creator (or staff) deletes an asset: it is never listed or played again, and its object is removed. */
export class DeleteAsset extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly assetId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeleteAsset)
export class DeleteAssetHandler implements ICommandHandler<DeleteAsset> {
  constructor(
    private readonly decisions: Decisions,
    private readonly assets: AssetOfManager,
    @Inject(OBJECT_STORE) private readonly store: MediaStore,
  ) {}

  async execute({ contentId, assetId, context }: DeleteAsset): Promise<void> {
    const { state } = await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(mediaAssetDecider, {
        ...assetStream(assetId),
        context,
        authorize: this.assets.authorize(context.actor, contentId),
        command: { type: 'Delete', by: context.actor!.userId },
      }),
    );
    // After the commit: a crash here leaves an object no asset points to, never an asset without its bytes.
    if (state.status === 'deleted') await this.store.remove(state.storageKey);
  }
}

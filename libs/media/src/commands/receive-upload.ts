import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';
import { type CommandContext, Decisions } from '#platform';
import { assertReceivable, assetStream, mediaAssetDecider } from '../domain/media-asset.js';
import { MediaErrors } from '../domain/media.errors.js';
import { MediaUrls } from '../storage/media-urls.js';
import { type MediaStore, OBJECT_STORE } from '../storage/object-store.js';

/**
 * The local store's end of an upload URL: the signed URL is the credential. The body must come
 * with the declared Content-Type and exactly the declared Content-Length; it is streamed to disk,
 * never buffered. A body announced (or found) larger than declared is cut off and rejects the asset.
 */
export class ReceiveUpload extends Command<void> {
  constructor(
    readonly assetId: string,
    readonly expires: number,
    readonly signature: string,
    readonly contentType: string | null,
    readonly contentLength: number | null,
    readonly body: Readable,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReceiveUpload)
export class ReceiveUploadHandler implements ICommandHandler<ReceiveUpload> {
  constructor(
    private readonly decisions: Decisions,
    private readonly urls: MediaUrls,
    @Inject(OBJECT_STORE) private readonly store: MediaStore,
  ) {}

  async execute({ assetId, expires, signature, contentType, contentLength, body, context }: ReceiveUpload): Promise<void> {
    this.urls.verifyUpload(assetId, expires, signature, new Date());
    if (this.store.kind !== 'local') throw MediaErrors.localStoreOnly();
    const { state } = await this.decisions.load(mediaAssetDecider, assetStream(assetId).streamId);
    assertReceivable(state);
    if (contentType !== state.mimeType) throw MediaErrors.uploadTypeMismatch(state.mimeType);
    if (contentLength !== null && contentLength > state.sizeBytes) return this.refuseOversized(assetId, state.sizeBytes, context);
    if (contentLength !== state.sizeBytes) throw MediaErrors.uploadSizeMismatch(state.sizeBytes);
    const outcome = await this.store.receive({ assetId, storageKey: state.storageKey, mimeType: state.mimeType, sizeBytes: state.sizeBytes }, body);
    if (outcome === 'too-large') return this.refuseOversized(assetId, state.sizeBytes, context);
  }

  private async refuseOversized(assetId: string, declared: number, context: CommandContext): Promise<never> {
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(mediaAssetDecider, { ...assetStream(assetId), context, command: { type: 'RefuseOversizedUpload' } }),
    );
    throw MediaErrors.uploadTooLarge(declared);
  }
}

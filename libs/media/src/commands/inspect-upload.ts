import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, Decisions } from '#platform';
import { assetStream, type Inspection, mediaAssetDecider } from '../domain/media-asset.js';
import { containerDuration, containerHasVideo, SIGNATURE_BYTES, signatureOf } from '../inspection/signatures.js';
import { type MediaStore, OBJECT_STORE } from '../storage/object-store.js';

/**
 * The worker reads what an uploaded asset really is (its first bytes, its container's length and
 * whether it carries video) and
 * records the verdict: ready, or rejected with the reason and its object removed. Only an asset
 * waiting for it is inspected: run again, it changes nothing.
 */
export class InspectUpload extends Command<Inspection | null> {
  constructor(
    readonly assetId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(InspectUpload)
export class InspectUploadHandler implements ICommandHandler<InspectUpload> {
  constructor(
    private readonly decisions: Decisions,
    @Inject(OBJECT_STORE) private readonly store: MediaStore,
  ) {}

  async execute({ assetId, context }: InspectUpload): Promise<Inspection | null> {
    const { state } = await this.decisions.load(mediaAssetDecider, assetStream(assetId).streamId);
    if (state.status !== 'uploaded') return null;
    const key = state.storageKey;
    // Every read is of the one object described here (S3: If-Match its tag), so the tag recorded is of the bytes checked.
    const object = await this.store.open(key);
    let inspection: Inspection;
    try {
      const sizeBytes = object?.size ?? 0;
      const read = (start: number, length: number) => object!.read(start, length);
      const signature = sizeBytes > 0 ? signatureOf(await read(0, SIGNATURE_BYTES)) : null;
      inspection = {
        sizeBytes,
        signature,
        duration: signature ? await containerDuration(signature, read, sizeBytes) : 'unknown',
        hasVideo: signature ? await containerHasVideo(signature, read, sizeBytes) : null,
        objectEtag: object && this.store.uploadsStayWritable ? object.etag : null,
      };
    } finally {
      await object?.close();
    }
    const { state: after } = await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(mediaAssetDecider, { ...assetStream(assetId), context, command: { type: 'RecordInspection', inspection } }),
    );
    if (after.status === 'rejected') await this.store.remove(key);
    return inspection;
  }
}

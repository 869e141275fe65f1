import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { type Actor, Clock, DomainError } from '#platform';
import { MediaErrors } from '../domain/media.errors.js';
import { ANONYMOUS, MediaUrls } from '../storage/media-urls.js';
import { GetAssetRow } from './get-asset.js';
import { MediaAccess } from './media-access.js';
import type { MediaAssetRow } from './media-asset-view.js';

/**
 * Checks a playback URL as it is used: signed by us, for this asset, for the caller (a forwarded
 * URL under another user's token is refused), not expired; the asset still ready, the caller still
 * entitled, or its lesson still a preview (a refund, or the lesson no longer free, within the URL's
 * lifetime ends it too), and a drip lesson's media open to them as its body is. Answers the asset and the URL's expiry.
 */
export class AuthorizeDownload extends Query<{ asset: MediaAssetRow; expiresAt: Date }> {
  constructor(
    readonly assetId: string,
    readonly expires: number,
    readonly signature: string,
    readonly actor: Actor | null,
  ) {
    super();
  }
}

@QueryHandler(AuthorizeDownload)
export class AuthorizeDownloadHandler implements IQueryHandler<AuthorizeDownload> {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: MediaAccess,
    private readonly urls: MediaUrls,
    private readonly clock: Clock,
  ) {}

  async execute({ assetId, expires, signature, actor }: AuthorizeDownload): Promise<{ asset: MediaAssetRow; expiresAt: Date }> {
    const expiresAt = this.verified(assetId, actor, expires, signature);
    const asset = await this.queries.execute(new GetAssetRow(assetId));
    if (!asset || asset.status !== 'ready') throw MediaErrors.assetNotFound();
    await this.access.requirePlay(actor, { creatorId: asset.creator_id, contentId: asset.content_id, lessonId: asset.lesson_id });
    return { asset, expiresAt };
  }

  /** Signed out, a URL not bound to ANONYMOUS is most likely a user's own, fetched without their token: they are asked to sign in. */
  private verified(assetId: string, actor: Actor | null, expires: number, signature: string): Date {
    try {
      return this.urls.verifyPlayback(assetId, actor?.userId ?? ANONYMOUS, expires, signature, this.clock.now());
    } catch (error) {
      if (!actor && error instanceof DomainError && error.code === 'MEDIA.URL_INVALID') throw MediaErrors.signInToPlay();
      throw error;
    }
  }
}

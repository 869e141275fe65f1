import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { type Actor, APP_CONFIG, type AppConfig, Clock } from '#platform';
import { ContentOfCreator } from '../commands/content-of-creator.js';
import { MediaErrors } from '../domain/media.errors.js';
import { ANONYMOUS, MediaUrls } from '../storage/media-urls.js';
import { MediaAccess } from './media-access.js';
import { GetAssetRow } from './get-asset.js';

export interface PlaybackUrl {
  url: string;
  expiresAt: string;
}

/**
 * A short-lived URL to play or download one ready asset, bound to the caller: it works only with
 * their own bearer token. Whoever may not play it is told so whether or not the asset exists (the
 * media of a preview lesson plays to anyone who may see the content; signed out, through a URL
 * bound to ANONYMOUS, which works only without a token).
 */
export class IssuePlaybackUrl extends Query<PlaybackUrl> {
  constructor(
    readonly contentId: string,
    readonly assetId: string,
    readonly actor: Actor | null,
  ) {
    super();
  }
}

@QueryHandler(IssuePlaybackUrl)
export class IssuePlaybackUrlHandler implements IQueryHandler<IssuePlaybackUrl> {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: MediaAccess,
    private readonly contents: ContentOfCreator,
    private readonly urls: MediaUrls,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async execute({ contentId, assetId, actor }: IssuePlaybackUrl): Promise<PlaybackUrl> {
    const row = await this.queries.execute(new GetAssetRow(assetId));
    const asset = row && row.content_id === contentId && row.status !== 'deleted' ? row : null;
    // Entitlement first, to the content in the path: a caller without it learns nothing of its assets.
    const creatorId = asset?.creator_id ?? (await this.contents.find(contentId, actor))?.creatorId ?? '';
    // A lesson's media follows its body: a drip lesson not open yet is CATALOG.LESSON_LOCKED, saying when it opens.
    await this.access.requirePlay(actor, { creatorId, contentId, lessonId: asset?.lesson_id ?? null });
    if (!asset) throw MediaErrors.assetNotFound();
    if (asset.status !== 'ready') throw MediaErrors.notPlayable();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.media.playbackUrlTtlSeconds * 1000);
    return { url: this.urls.playbackUrl(assetId, actor?.userId ?? ANONYMOUS, expiresAt), expiresAt: expiresAt.toISOString() };
  }
}

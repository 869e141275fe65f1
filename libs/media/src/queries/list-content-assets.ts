import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, decodeCursor, toPage } from '#platform';
import { ContentOfCreator } from '../commands/content-of-creator.js';
import { MediaErrors } from '../domain/media.errors.js';
import { MediaAccess } from './media-access.js';
import { type MediaAssetRow, type MediaAssetView, toAssetView } from './media-asset-view.js';

/**
 * The assets of a content, newest first: every one not deleted, with its state and why it was
 * rejected, for its creator and staff; the ready ones for a user entitled to the content (never a
 * URL: those are asked one by one); the ready ones of its preview lessons for anyone else who may
 * see it, signed in or not; nothing when it has no preview lesson.
 */
export class ListContentAssets extends Query<{ items: MediaAssetView[]; nextCursor: string | null }> {
  constructor(
    readonly contentId: string,
    readonly actor: Actor | null,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListContentAssets)
export class ListContentAssetsHandler implements IQueryHandler<ListContentAssets> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contents: ContentOfCreator,
    private readonly access: MediaAccess,
  ) {}

  async execute({ contentId, actor, limit, cursor }: ListContentAssets): Promise<{ items: MediaAssetView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const content = await this.contents.find(contentId, actor);
    const refused = () => (actor ? MediaErrors.notEntitled() : MediaErrors.signInToPlay());
    if (!content) throw refused();
    const manages = this.access.manages(actor, content.creatorId);
    const playsAll = manages || (await this.access.mayPlay(actor, { creatorId: content.creatorId, contentId, lessonId: null }));
    // Null: every lesson's media (and the content's own).
    const lessonIds = playsAll ? null : this.access.mayPlayPreviews(actor, content.creatorId) ? content.previewLessonIds : [];
    if (lessonIds?.length === 0) throw refused();
    const rows: MediaAssetRow[] = await this.dataSource.query(
      `SELECT * FROM media_assets
        WHERE content_id = $1 AND status <> 'deleted' AND ($2 OR status = 'ready')
          AND ($6::uuid[] IS NULL OR lesson_id = ANY($6::uuid[]))
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $5`,
      [contentId, manages, after?.[0] ?? null, after?.[1] ?? null, limit + 1, lessonIds],
    );
    return toPage(rows, limit, toAssetView, (row) => [row.created_at.toISOString(), row.id]);
  }
}

import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, decodeCursor, toPage } from '#platform';
import { ContentOfCreator } from '../commands/content-of-creator.js';
import { MediaErrors } from '../domain/media.errors.js';
import { MediaAccess } from './media-access.js';
import { lessonMediaVerdict } from '../domain/playback.js';
import { type MediaAssetRow, type MediaAssetView, toAssetView, toLockedAssetView } from './media-asset-view.js';

/**
 * The assets of a content, newest first: every one not deleted, with its state and why it was
 * rejected, for its creator and staff; the ready ones for a user entitled to the content (never a
 * URL: those are asked one by one); the ready ones of its preview lessons for anyone else who may
 * see it, signed in or not; nothing when it has no preview lesson. An asset of a lesson the caller
 * may not read now (an entitled learner's drip lesson not released yet) is listed without its file's
 * name, type, size or length, with when the lesson opens: what the lesson listing shows already.
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
    // A lesson's media is described exactly when it would play: when the lesson's body is shown to the caller now.
    const lessons = new Map(content.lessons.map((lesson) => [lesson.lessonId, lesson]));
    const view = (row: MediaAssetRow): MediaAssetView => {
      if (manages || row.lesson_id === null) return toAssetView(row);
      const verdict = lessonMediaVerdict(lessons.get(row.lesson_id) ?? null, content.full);
      if (verdict.kind === 'play') return toAssetView(row);
      return toLockedAssetView(row, verdict.kind === 'locked' ? verdict.unlocksAt : null);
    };
    return toPage(rows, limit, view, (row) => [row.created_at.toISOString(), row.id]);
  }
}

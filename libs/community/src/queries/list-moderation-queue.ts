import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, decodeCursor, toPage } from '#platform';
import type { PostKind } from '../domain/community-events.js';
import { SensitiveWords } from '../moderation/sensitive-words.service.js';

export interface QueuedPost {
  kind: PostKind;
  id: string;
  contentId: string;
  lessonId: string | null;
  authorId: string;
  text: string;
  /** Held by the word filter (it never showed to others). */
  held: boolean;
  /** The listed words in its text. */
  matchedWords: string[];
  /** Reports since a moderator last approved it. */
  openReports: number;
  /** Hidden from others by its reports (at or over the threshold). */
  hiddenByReports: boolean;
  /** When it was posted or last changed: the queue is worked oldest first. */
  since: string;
}

interface QueueRow {
  kind: PostKind;
  id: string;
  content_id: string;
  lesson_id: string | null;
  author_id: string;
  text: string;
  held: boolean;
  open_reports: number;
  since: Date;
}

/** Posts waiting for a moderator (held, or reported since they were last approved), oldest first. */
export class ListModerationQueue extends Query<{ items: QueuedPost[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListModerationQueue)
export class ListModerationQueueHandler implements IQueryHandler<ListModerationQueue> {
  constructor(
    private readonly words: SensitiveWords,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ limit, cursor }: ListModerationQueue): Promise<{ items: QueuedPost[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT 'comment' AS kind, id, content_id, lesson_id, author_id, body AS text, status = 'held' AS held,
                report_count - reports_reviewed AS open_reports, updated_at AS since
           FROM community_comments WHERE status = 'held' OR (status = 'visible' AND report_count > reports_reviewed)
         UNION ALL
         SELECT 'review', id, content_id, NULL, user_id, text, text_status = 'held',
                report_count - reports_reviewed, updated_at
           FROM community_reviews WHERE (text_status = 'held' OR report_count > reports_reviewed) AND withdrawn_at IS NULL
       ) queue
       WHERE $1::timestamptz IS NULL OR (since, id) > ($1::timestamptz, $2::uuid)
       ORDER BY since, id
       LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        kind: row.kind,
        id: row.id,
        contentId: row.content_id,
        lessonId: row.lesson_id,
        authorId: row.author_id,
        text: row.text,
        held: row.held,
        matchedWords: this.words.matches(row.text),
        openReports: row.open_reports,
        hiddenByReports: row.open_reports >= this.config.community.reportThreshold,
        since: row.since.toISOString(),
      }),
      (row) => [row.since.toISOString(), row.id],
    );
  }
}

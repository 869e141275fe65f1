import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

/** An announcement in the inbox: what was published, by whom, and where — nothing only a buyer may see. */
export interface NotificationView {
  id: string;
  kind: string;
  itemId: string;
  title: string;
  creatorId: string;
  creatorName: string;
  link: string;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

/** The caller's inbox, newest first, with how many are unread in all. */
export class ListMyNotifications extends Query<NotificationPage> {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

interface NotificationRow {
  id: string;
  kind: string;
  item_id: string;
  title: string;
  creator_id: string;
  creator_name: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
}

@QueryHandler(ListMyNotifications)
export class ListMyNotificationsHandler implements IQueryHandler<ListMyNotifications> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ userId, limit, cursor }: ListMyNotifications): Promise<NotificationPage> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT id, kind, item_id, title, creator_id, creator_name, link, created_at, read_at FROM social_notifications
        WHERE recipient_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [userId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const [{ unread }]: { unread: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS unread FROM social_notifications WHERE recipient_id = $1 AND read_at IS NULL`,
      [userId],
    );
    const page = toPage(
      rows,
      limit,
      (row): NotificationView => ({
        id: row.id,
        kind: row.kind,
        itemId: row.item_id,
        title: row.title,
        creatorId: row.creator_id,
        creatorName: row.creator_name,
        link: row.link,
        createdAt: row.created_at.toISOString(),
        read: row.read_at !== null,
      }),
      (row) => [row.created_at.toISOString(), row.id],
    );
    return { ...page, unreadCount: unread };
  }
}

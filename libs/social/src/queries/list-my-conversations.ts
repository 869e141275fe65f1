import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

export interface ConversationView {
  conversationId: string;
  otherUserId: string;
  /** Whether the caller is the buyer who opened it (else the creator written to). */
  role: 'learner' | 'creator';
  unreadCount: number;
  lastMessageAt: string;
  /** Whether either side blocks the other now (no message goes through until it is lifted). */
  blocked: boolean;
}

export interface ConversationPage {
  items: ConversationView[];
  nextCursor: string | null;
  unreadCount: number;
}

/** The caller's conversations, latest message first, with unread counts. */
export class ListMyConversations extends Query<ConversationPage> {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

interface ConversationRow {
  conversation_id: string;
  other_id: string;
  learner_id: string;
  unread_count: number;
  last_message_at: Date;
  blocked: boolean;
}

@QueryHandler(ListMyConversations)
export class ListMyConversationsHandler implements IQueryHandler<ListMyConversations> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ userId, limit, cursor }: ListMyConversations): Promise<ConversationPage> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: ConversationRow[] = await this.dataSource.query(
      `SELECT m.conversation_id, m.other_id, c.learner_id, m.unread_count, m.last_message_at,
              EXISTS (SELECT 1 FROM social_blocks b WHERE (b.blocker_id, b.blocked_id) IN ((m.user_id, m.other_id), (m.other_id, m.user_id))) AS blocked
         FROM social_conversation_members m JOIN social_conversations c ON c.id = m.conversation_id
        WHERE m.user_id = $1 AND ($2::timestamptz IS NULL OR (m.last_message_at, m.conversation_id) < ($2::timestamptz, $3::uuid))
        ORDER BY m.last_message_at DESC, m.conversation_id DESC LIMIT $4`,
      [userId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const [{ unread }]: { unread: number }[] = await this.dataSource.query(
      `SELECT coalesce(sum(unread_count), 0)::int AS unread FROM social_conversation_members WHERE user_id = $1`,
      [userId],
    );
    const page = toPage(
      rows,
      limit,
      (row): ConversationView => ({
        conversationId: row.conversation_id,
        otherUserId: row.other_id,
        role: row.learner_id === userId ? 'learner' : 'creator',
        unreadCount: row.unread_count,
        lastMessageAt: row.last_message_at.toISOString(),
        blocked: row.blocked,
      }),
      (row) => [row.last_message_at.toISOString(), row.conversation_id],
    );
    return { ...page, unreadCount: unread };
  }
}

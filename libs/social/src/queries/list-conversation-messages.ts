import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import { SocialErrors } from '../domain/social.errors.js';

export interface MessageView {
  messageId: string;
  senderId: string;
  body: string;
  sentAt: string;
}

/** A conversation's messages, newest first; only its two participants may read it (anyone else: not found). */
export class ListConversationMessages extends Query<{ items: MessageView[]; nextCursor: string | null }> {
  constructor(
    readonly userId: string,
    readonly conversationId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

interface MessageRow {
  id: string;
  seq: number;
  sender_id: string;
  body: string;
  sent_at: Date;
}

@QueryHandler(ListConversationMessages)
export class ListConversationMessagesHandler implements IQueryHandler<ListConversationMessages> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ userId, conversationId, limit, cursor }: ListConversationMessages): Promise<{ items: MessageView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['integer']);
    const [member]: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM social_conversation_members WHERE conversation_id = $1 AND user_id = $2`,
      [conversationId, userId],
    );
    if (!member) throw SocialErrors.conversationNotFound();
    const rows: MessageRow[] = await this.dataSource.query(
      `SELECT id, seq, sender_id, body, sent_at FROM social_messages
        WHERE conversation_id = $1 AND ($2::int IS NULL OR seq < $2::int) ORDER BY seq DESC LIMIT $3`,
      [conversationId, after?.[0] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => ({ messageId: row.id, senderId: row.sender_id, body: row.body, sentAt: row.sent_at.toISOString() }),
      (row) => [row.seq],
    );
  }
}

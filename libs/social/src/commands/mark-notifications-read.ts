import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext } from '#platform';
import { SocialErrors } from '../domain/social.errors.js';

/**
 * The caller marks one notification of theirs read, or all of them (`notificationId` null). A read
 * marker is the inbox's own state, not a decision anyone else depends on: it is kept in the inbox
 * table, not the event store. Another user's notification is as unknown as a missing one.
 */
export class MarkNotificationsRead extends Command<void> {
  constructor(
    readonly notificationId: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(MarkNotificationsRead)
export class MarkNotificationsReadHandler implements ICommandHandler<MarkNotificationsRead> {
  constructor(
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ notificationId, context }: MarkNotificationsRead): Promise<void> {
    const reader = this.abilities.require(context.actor, 'read', 'Notification');
    if (notificationId === null) {
      await this.dataSource.query(`UPDATE social_notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL`, [reader.userId]);
      return;
    }
    const rows: unknown[] = await this.dataSource.query(
      `WITH marked AS (UPDATE social_notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_id = $2 RETURNING id)
       SELECT id FROM marked`,
      [notificationId, reader.userId],
    );
    if (rows.length === 0) throw SocialErrors.notificationNotFound();
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, DomainError, Mailer } from '#platform';
import { GetUserProfile, type UserProfile } from '#identity';
import { type NotificationPlan, notificationMail } from '../domain/notifications.js';

export interface FanOutOutcome {
  followers: number;
  notified: number;
  mailed: number;
}

/**
 * Tells every follower of a plan's audiences (every buyer of its columns, and its direct recipients), but those who muted its
 * creator or its column, a batch of followers at a time (SOCIAL_FAN_OUT_BATCH_SIZE),
 * each batch its own short transaction. Idempotent per (follower, item): a notification is inserted
 * only if absent, and a mail is sent only to whoever's mail this run claimed — so a rerun, a
 * retried job or the same event relayed twice delivers nothing twice (a crash between claim and
 * send loses that one mail rather than sending it twice).
 */
@Injectable()
export class NotificationFanOut {
  private readonly logger = new Logger(NotificationFanOut.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(plan: NotificationPlan, onBatch: (followersSoFar: number) => Promise<void>): Promise<FanOutOutcome> {
    const creatorName = (await this.profile(plan.creatorId))?.displayName ?? 'A creator';
    const outcome: FanOutOutcome = { followers: 0, notified: 0, mailed: 0 };
    const types = plan.audiences.map((audience) => audience.targetType);
    const ids = plan.audiences.map((audience) => audience.targetId);
    /** The columns a mute of which silences this plan: those whose followers or buyers it reaches (an instalment's column). */
    const mutableColumns = [...new Set([...plan.audiences.filter((a) => a.targetType === 'column').map((a) => a.targetId), ...plan.buyersOf])];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      // UNION: a follower who also bought the column is one recipient. Whoever muted the creator, or a column the
      // plan is about, is skipped: read per batch, so a mute made while a long fan-out runs holds from the next batch.
      const batch: { follower_id: string }[] = await this.dataSource.query(
        `SELECT follower_id FROM (
           SELECT follower_id FROM social_follows WHERE (target_type, target_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))
           UNION SELECT buyer_id FROM social_column_buyers WHERE content_id = ANY($5::uuid[])
           UNION SELECT unnest($8::uuid[])
         ) AS audience
          WHERE follower_id > $3
            AND NOT EXISTS (SELECT 1 FROM social_mutes m
                             WHERE m.user_id = audience.follower_id
                               AND ((m.target_type = 'creator' AND m.target_id = $6) OR (m.target_type = 'column' AND m.target_id = ANY($7::uuid[]))))
          ORDER BY follower_id LIMIT $4`,
        [types, ids, after, this.config.social.fanOutBatchSize, plan.buyersOf, plan.creatorId, mutableColumns, plan.recipients],
      );
      if (batch.length === 0) return outcome;
      const followers = batch.map((row) => row.follower_id);
      after = followers[followers.length - 1]!;
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO social_notifications (id, recipient_id, item_id, kind, title, creator_id, creator_name, link, created_at)
         SELECT gen_random_uuid(), recipient_id, $2, $3, $4, $5, $6, $7, now() FROM unnest($1::uuid[]) AS recipient_id
         ON CONFLICT (recipient_id, item_id) DO NOTHING RETURNING 1`,
        [followers, plan.itemId, plan.kind, plan.title, plan.creatorId, creatorName, plan.link],
      );
      const claimed: { recipient_id: string }[] = await this.dataSource.query(
        `WITH claimed AS (UPDATE social_notifications SET email_claimed_at = now()
                            WHERE item_id = $1 AND recipient_id = ANY($2::uuid[]) AND email_claimed_at IS NULL RETURNING recipient_id)
         SELECT recipient_id FROM claimed`,
        [plan.itemId, followers],
      );
      outcome.followers += followers.length;
      outcome.notified += inserted.length;
      outcome.mailed += await this.mail(plan, creatorName, claimed.map((row) => row.recipient_id));
      await onBatch(outcome.followers);
    }
  }

  /** Mail goes only to a verified address of an account not suspended: "identity has mail for the user". */
  private async mail(plan: NotificationPlan, creatorName: string, recipients: string[]): Promise<number> {
    let sent = 0;
    for (const recipientId of recipients) {
      const profile = await this.profile(recipientId);
      if (!profile?.emailVerified || profile.suspended) continue;
      await this.mailer.send({ to: profile.email, ...notificationMail(plan, creatorName, this.config.appUrl) });
      sent++;
    }
    if (sent > 0) this.logger.debug(`mailed ${sent} followers of ${plan.itemId}`);
    return sent;
  }

  private profile(userId: string): Promise<UserProfile | null> {
    return this.queries.execute(new GetUserProfile(userId)).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    });
  }
}

import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, type EventMetadata, EventStore } from '#platform';
import { GetUserProfile, type UserProfile } from '../queries/get-user-profile.js';
import { SecurityLog } from '../security/security-log.js';

export interface PersonalDataExport {
  exportedAt: string;
  profile: UserProfile;
  /** Every sign-in, ended ones too. */
  sessions: {
    id: string;
    status: string;
    startedAt: string;
    lastRefreshedAt: string | null;
    expiresAt: string;
    revokedAt: string | null;
    revokeReason: string | null;
    clientIp: string | null;
    userAgent: string | null;
  }[];
  /**
   * Every stored event about the user, in every domain: those they caused, those of the streams they
   * started (their orders, contents, refunds, with what others did to them), of their account and
   * sessions, and the security events naming them.
   */
  events: { globalPosition: number; streamId: string; type: string; occurredAt: string; data: unknown; clientIp: string | null; userAgent: string | null }[];
}

/** The signed-in user takes a copy of all their data; the export itself is recorded (a security event). */
export class ExportMyData extends Command<PersonalDataExport> {
  constructor(readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(ExportMyData)
export class ExportMyDataHandler implements ICommandHandler<ExportMyData> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
    private readonly securityLog: SecurityLog,
    private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: ExportMyData): Promise<PersonalDataExport> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    const userId = actor.userId;
    const profile = await this.queries.execute(new GetUserProfile(userId));
    const sessions: Record<string, Date | string | null>[] = await this.dataSource.query(
      `SELECT session_id, status, started_at, last_refreshed_at, expires_at, revoked_at, revoke_reason, client_ip, user_agent
         FROM identity_sessions WHERE user_id = $1 ORDER BY started_at`,
      [userId],
    );
    const events: { global_position: string; stream_id: string; type: string; created_at: Date; data: Record<string, unknown>; metadata: EventMetadata | null }[] =
      await this.dataSource.query(
        `WITH theirs AS (
           SELECT stream_id FROM events WHERE version = 1 AND metadata->>'actorId' = $1
           UNION SELECT 'user-' || $1
           UNION SELECT 'session-' || session_id FROM identity_sessions WHERE user_id = $2)
         SELECT global_position, stream_id, type, created_at, data, metadata FROM events
          WHERE stream_id IN (SELECT stream_id FROM theirs) OR metadata->>'actorId' = $1 OR data->>'userId' = $1
          ORDER BY global_position`,
        [userId, userId],
      );
    await this.securityLog.record(command.context, { type: 'identity.personal-data-exported', data: { userId, events: events.length } });
    const iso = (value: Date | string | null) => (value instanceof Date ? value.toISOString() : value);
    return {
      exportedAt: new Date().toISOString(),
      profile,
      sessions: sessions.map((row) => ({
        id: row.session_id as string,
        status: row.status as string,
        startedAt: iso(row.started_at)!,
        lastRefreshedAt: iso(row.last_refreshed_at),
        expiresAt: iso(row.expires_at)!,
        revokedAt: iso(row.revoked_at),
        revokeReason: row.revoke_reason as string | null,
        clientIp: row.client_ip as string | null,
        userAgent: row.user_agent as string | null,
      })),
      // As stored, with the user's own personal data opened by their key.
      events: await Promise.all(
        events.map(async (row) => ({
          globalPosition: Number(row.global_position),
          streamId: row.stream_id,
          type: row.type,
          occurredAt: row.created_at.toISOString(),
          data: await this.store.openedData(row.type, row.data),
          ...(await this.whereFrom(userId, row.metadata)),
        })),
      ),
    };
  }

  /**
   * Where the user's own events came from, and the sign-in attempts on their account (no actor);
   * where someone else acted (staff, the other party) is that person's data, not exported.
   */
  private async whereFrom(userId: string, stored: EventMetadata | null): Promise<{ clientIp: string | null; userAgent: string | null }> {
    if (!stored || (stored.actorId && stored.actorId !== userId)) return { clientIp: null, userAgent: null };
    const metadata = await this.store.openedMetadata(stored);
    return { clientIp: metadata.clientIp ?? null, userAgent: metadata.userAgent ?? null };
  }
}

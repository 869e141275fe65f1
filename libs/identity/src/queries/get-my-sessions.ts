import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '#platform';

export interface SessionView {
  id: string;
  startedAt: string;
  lastRefreshedAt: string | null;
  expiresAt: string;
  clientIp: string | null;
  userAgent: string | null;
  /** The session of the access token this list was asked with. */
  current: boolean;
}

/** The caller's active sessions (one per sign-in), newest first. */
export class GetMySessions extends Query<SessionView[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(GetMySessions)
export class GetMySessionsHandler implements IQueryHandler<GetMySessions> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ actor }: GetMySessions): Promise<SessionView[]> {
    const rows: {
      session_id: string;
      started_at: Date;
      last_refreshed_at: Date | null;
      expires_at: Date;
      client_ip: string | null;
      user_agent: string | null;
    }[] = await this.dataSource.query(
      `SELECT session_id, started_at, last_refreshed_at, expires_at, client_ip, user_agent FROM identity_sessions
        WHERE user_id = $1 AND status = 'active' AND expires_at > now() ORDER BY started_at DESC LIMIT 100`,
      [actor.userId],
    );
    return rows.map((row) => ({
      id: row.session_id,
      startedAt: row.started_at.toISOString(),
      lastRefreshedAt: row.last_refreshed_at?.toISOString() ?? null,
      expiresAt: row.expires_at.toISOString(),
      clientIp: row.client_ip,
      userAgent: row.user_agent,
      current: row.session_id === actor.sessionId,
    }));
  }
}

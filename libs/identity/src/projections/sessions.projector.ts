import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { SessionEvent } from '../domain/identity-events.js';

/** Keeps identity_sessions in step with session streams, in the append's transaction: an ended session's access tokens stop at once. */
@Injectable()
@InlineProjection()
export class SessionsProjector implements InlineProjector {
  readonly eventTypes = ['identity.session-started', 'identity.session-refreshed', 'identity.session-revoked'] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<SessionEvent>[]) {
      switch (event.type) {
        case 'identity.session-started':
          await manager.query(
            `INSERT INTO identity_sessions (session_id, user_id, status, started_at, expires_at, client_ip, user_agent)
             VALUES ($1, $2, 'active', $3, $4, $5, $6)`,
            [event.data.sessionId, event.data.userId, event.createdAt, event.data.expiresAt, event.metadata.clientIp, event.metadata.userAgent ?? null],
          );
          break;
        case 'identity.session-refreshed':
          await manager.query(`UPDATE identity_sessions SET last_refreshed_at = $2, expires_at = $3 WHERE session_id = $1`, [
            event.data.sessionId,
            event.createdAt,
            event.data.expiresAt,
          ]);
          break;
        case 'identity.session-revoked':
          await manager.query(
            `UPDATE identity_sessions SET status = 'revoked', revoked_at = $2, revoke_reason = $3 WHERE session_id = $1`,
            [event.data.sessionId, event.createdAt, event.data.reason],
          );
          break;
      }
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sessions read model (the session list, and whether an access token's session is still
 * alive), and the tokens a rotation answered, kept for its grace window sealed with the token it
 * replaced.
 */
export class IdentitySessions1764400100000 implements MigrationInterface {
  name = 'IdentitySessions1764400100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity_sessions (
        session_id        uuid        PRIMARY KEY,
        user_id           uuid        NOT NULL,
        status            text        NOT NULL CHECK (status IN ('active', 'revoked')),
        started_at        timestamptz NOT NULL,
        last_refreshed_at timestamptz,
        expires_at        timestamptz NOT NULL,
        client_ip         text,
        user_agent        text,
        revoked_at        timestamptz,
        revoke_reason     text
      )`);
    await db.query(`CREATE INDEX identity_sessions_user_idx ON identity_sessions (user_id, started_at DESC) WHERE status = 'active'`);
    // Sessions started before this migration, as their events say.
    await db.query(`
      INSERT INTO identity_sessions (session_id, user_id, status, started_at, last_refreshed_at, expires_at, client_ip, revoked_at, revoke_reason)
      SELECT (s.data->>'sessionId')::uuid, (s.data->>'userId')::uuid,
             CASE WHEN r.global_position IS NULL THEN 'active' ELSE 'revoked' END,
             s.created_at, f.created_at, coalesce((f.data->>'expiresAt')::timestamptz, (s.data->>'expiresAt')::timestamptz),
             s.metadata->>'clientIp', r.created_at, r.data->>'reason'
        FROM events s
        LEFT JOIN LATERAL (SELECT * FROM events WHERE stream_id = s.stream_id AND type = 'identity.session-refreshed'
                            ORDER BY version DESC LIMIT 1) f ON true
        LEFT JOIN events r ON r.stream_id = s.stream_id AND r.type = 'identity.session-revoked'
       WHERE s.type = 'identity.session-started'`);
    await db.query(`ALTER TABLE identity_refresh_tokens ADD COLUMN grace_response text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_refresh_tokens DROP COLUMN grace_response`);
    await db.query(`DROP TABLE identity_sessions`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets leave the event stream. Password hashes move to identity_credentials and refresh token
 * hashes to identity_refresh_tokens: tables the commands write in the append's transaction, which
 * can be changed and emptied as secrets must be.
 *
 * The secrets already stored in events (schema 1 of identity.user-registered, session-started and
 * session-refreshed) are removed from them here, as the one deliberate exception to "events are
 * never rewritten": an upcaster only hides a member on read and leaves it on disk, and
 * crypto-shredding can only forget what was encrypted in the first place. The audit trail is
 * unaffected: it always stored these members as "[redacted]", so its hashes still hold.
 */
export class IdentitySecretsOutOfEvents1764400000000 implements MigrationInterface {
  name = 'IdentitySecretsOutOfEvents1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity_credentials (
        user_id       uuid        PRIMARY KEY REFERENCES identity_users (id) ON DELETE CASCADE,
        password_hash text        NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    await db.query(`INSERT INTO identity_credentials (user_id, password_hash, updated_at) SELECT id, password_hash, updated_at FROM identity_users`);
    await db.query(`ALTER TABLE identity_users DROP COLUMN password_hash`);

    // One row per issued refresh token: generation n of session s, by the SHA-256 of its secret.
    await db.query(`
      CREATE TABLE identity_refresh_tokens (
        session_id uuid        NOT NULL,
        generation integer     NOT NULL CHECK (generation > 0),
        token_hash text        NOT NULL,
        issued_at  timestamptz NOT NULL,
        PRIMARY KEY (session_id, generation)
      )`);
    await db.query(`CREATE UNIQUE INDEX identity_refresh_tokens_hash_idx ON identity_refresh_tokens (session_id, token_hash)`);
    await db.query(`
      INSERT INTO identity_refresh_tokens (session_id, generation, token_hash, issued_at)
      SELECT (data->>'sessionId')::uuid, row_number() OVER (PARTITION BY stream_id ORDER BY version), data->>'tokenHash', created_at
        FROM events
       WHERE type IN ('identity.session-started', 'identity.session-refreshed') AND data ? 'tokenHash'`);

    // The table's own trigger refuses any change; only its owner may lift it, for this statement alone.
    await db.query(`ALTER TABLE events DISABLE TRIGGER events_append_only`);
    await db.query(`
      UPDATE events SET data = data - 'passwordHash' - 'tokenHash'
       WHERE type IN ('identity.user-registered', 'identity.session-started', 'identity.session-refreshed')
         AND (data ? 'passwordHash' OR data ? 'tokenHash')`);
    await db.query(`ALTER TABLE events ENABLE TRIGGER events_append_only`);
  }

  async down(): Promise<void> {
    throw new Error('IdentitySecretsOutOfEvents1764400000000 cannot be undone: secrets are never put back into events');
  }
}

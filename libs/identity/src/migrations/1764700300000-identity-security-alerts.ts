import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Anomalies the security scan found (one row per kind, subject and day, updated by each scan), and the index it scans sign-ins by. */
export class IdentitySecurityAlerts1764700300000 implements MigrationInterface {
  name = 'IdentitySecurityAlerts1764700300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity_security_alerts (
        id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        kind        text        NOT NULL CHECK (kind IN ('credential-stuffing', 'many-addresses', 'token-reuse')),
        subject     text        NOT NULL,
        day         date        NOT NULL,
        first_seen  timestamptz NOT NULL,
        last_seen   timestamptz NOT NULL,
        occurrences integer     NOT NULL,
        details     jsonb       NOT NULL,
        CONSTRAINT identity_security_alerts_unique UNIQUE (kind, subject, day)
      )`);
    await db.query(`CREATE INDEX identity_security_alerts_recent_idx ON identity_security_alerts (last_seen DESC, id DESC)`);
    await db.query(`
      CREATE INDEX events_sign_in_idx ON events (created_at)
       WHERE type IN ('identity.login-failed', 'identity.session-started', 'identity.session-revoked')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX events_sign_in_idx`);
    await db.query(`DROP TABLE identity_security_alerts`);
  }
}

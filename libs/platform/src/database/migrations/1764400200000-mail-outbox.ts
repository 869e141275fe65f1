import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where mail waits when no SMTP server is configured (development): read it here. */
export class MailOutbox1764400200000 implements MigrationInterface {
  name = 'MailOutbox1764400200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_outbox (
        id         uuid        PRIMARY KEY,
        sender     text        NOT NULL,
        recipient  text        NOT NULL,
        subject    text        NOT NULL,
        body       text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX mail_outbox_recipient_idx ON mail_outbox (recipient, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mail_outbox`);
  }
}

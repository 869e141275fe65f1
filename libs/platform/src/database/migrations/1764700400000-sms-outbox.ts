import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where text messages wait when no SMS provider is configured (development): read them here. */
export class SmsOutbox1764700400000 implements MigrationInterface {
  name = 'SmsOutbox1764700400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sms_outbox (
        id         uuid        PRIMARY KEY,
        recipient  text        NOT NULL,
        body       text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX sms_outbox_recipient_idx ON sms_outbox (recipient, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sms_outbox`);
  }
}

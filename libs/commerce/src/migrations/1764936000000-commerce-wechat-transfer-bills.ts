import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WeChat Pay transfer bills (商家转账) made for payouts: the bill's last known state and the
 * package_info the payee's WeChat client needs to confirm receipt while it waits for them
 * (WAIT_USER_CONFIRM). Only the create call's answer carries package_info, so it is kept here.
 */
export class CommerceWechatTransferBills1764936000000 implements MigrationInterface {
  name = 'CommerceWechatTransferBills1764936000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE commerce_wechat_transfer_bills (
         payout_id uuid PRIMARY KEY,
         transfer_bill_no text,
         state text NOT NULL,
         package_info text,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE commerce_wechat_transfer_bills`);
  }
}

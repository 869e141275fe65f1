import type { DataSource } from 'typeorm';

/** A transfer bill's state as WeChat Pay last told it, and what the payee's WeChat client needs to confirm it. */
export interface TransferBillRecord {
  transferBillNo: string | null;
  state: string;
  packageInfo: string | null;
}

/** States after which a bill changes no more: its package_info confirms nothing any longer. */
const FINAL_STATES = ['SUCCESS', 'FAIL', 'CANCELLED'];

/**
 * The transfer bills made for payouts (commerce_wechat_transfer_bills). Only the answer to creating
 * a bill names its package_info, so it is kept from there; later answers (a query, a notification)
 * move its state on, never back from a final one.
 */
export class WechatTransferBills {
  constructor(private readonly dataSource: DataSource) {}

  async record(payoutId: string, bill: { transferBillNo?: string | null; state: string; packageInfo?: string | null }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO commerce_wechat_transfer_bills (payout_id, transfer_bill_no, state, package_info) VALUES ($1, $2, $3, $4)
       ON CONFLICT (payout_id) DO UPDATE SET
         transfer_bill_no = COALESCE(EXCLUDED.transfer_bill_no, commerce_wechat_transfer_bills.transfer_bill_no),
         state = EXCLUDED.state,
         package_info = COALESCE(EXCLUDED.package_info, commerce_wechat_transfer_bills.package_info),
         updated_at = now()
       WHERE commerce_wechat_transfer_bills.state <> ALL($5::text[])`,
      [payoutId, bill.transferBillNo ?? null, bill.state, bill.packageInfo ?? null, FINAL_STATES],
    );
  }

  /** A notification's word on a bill made here: its state moves on (a bill never made here is not recorded). */
  async advance(payoutId: string, bill: { transferBillNo: string | null; state: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE commerce_wechat_transfer_bills SET state = $2, transfer_bill_no = COALESCE($3, transfer_bill_no), updated_at = now()
        WHERE payout_id::text = $1 AND state <> ALL($4::text[])`,
      [payoutId, bill.state, bill.transferBillNo, FINAL_STATES],
    );
  }

  async of(payoutId: string): Promise<TransferBillRecord | null> {
    const [row]: { transfer_bill_no: string | null; state: string; package_info: string | null }[] = await this.dataSource.query(
      `SELECT transfer_bill_no, state, package_info FROM commerce_wechat_transfer_bills WHERE payout_id::text = $1`,
      [payoutId],
    );
    return row ? { transferBillNo: row.transfer_bill_no, state: row.state, packageInfo: row.package_info } : null;
  }
}

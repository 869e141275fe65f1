import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { PaymentProviders } from '../payments/payment-providers.js';
import { WechatPayPaymentProvider } from '../payments/wechatpay.provider.js';

export interface WechatPayoutConfirmation {
  payoutId: string;
  /** The payout's own status (approved while WeChat Pay has it). */
  status: string;
  /** The transfer bill's state as WeChat Pay last told it (WAIT_USER_CONFIRM: the creator is to confirm it); null: no bill made yet. */
  billState: string | null;
  mchId: string;
  appId: string;
  /** What the creator's WeChat client confirms receipt with (wx.requestMerchantTransfer's package), only while the bill waits for them. */
  packageInfo: string | null;
}

/**
 * What the creator's WeChat client needs to confirm receipt of a payout's transfer bill (商家转账).
 * Only the payout's creator is told: anyone else's payout, and one not paid through WeChat Pay, is not
 * found. package_info is handed out only while the payout is still on its way and the bill waits.
 */
export class GetWechatPayoutConfirmation extends Query<WechatPayoutConfirmation> {
  constructor(
    readonly creatorId: string,
    readonly payoutId: string,
  ) {
    super();
  }
}

@QueryHandler(GetWechatPayoutConfirmation)
export class GetWechatPayoutConfirmationHandler implements IQueryHandler<GetWechatPayoutConfirmation> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
  ) {}

  async execute({ creatorId, payoutId }: GetWechatPayoutConfirmation): Promise<WechatPayoutConfirmation> {
    const [payout]: { creator_id: string; status: string; provider: string | null }[] = await this.dataSource.query(
      `SELECT creator_id, status, provider FROM commerce_payouts WHERE payout_id = $1`,
      [payoutId],
    );
    if (!payout || payout.creator_id !== creatorId) throw CommerceErrors.payoutNotFound();
    const provider = payout.provider ? this.providers.get(payout.provider) : this.providers.active;
    if (!(provider instanceof WechatPayPaymentProvider) || payout.status === 'requested' || payout.status === 'rejected') throw CommerceErrors.payoutNotFound();
    const bill = await provider.confirmationOf(payoutId);
    const onItsWay = payout.status === 'approved';
    return {
      payoutId,
      status: payout.status,
      billState: bill?.state ?? null,
      mchId: provider.mchId,
      appId: provider.appId,
      packageInfo: onItsWay ? (bill?.packageInfo ?? null) : null,
    };
  }
}

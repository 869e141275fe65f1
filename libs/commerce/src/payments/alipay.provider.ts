import { createSign, createVerify, type KeyObject } from 'node:crypto';
import { HttpProblem } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { Period } from '../domain/periods.js';
import type {
  Checkout,
  PaymentProvider,
  PaymentRequest,
  PaymentStatus,
  PayoutRequest,
  ProviderEvent,
  ProviderNotification,
  RefundRequest,
  RenewalCharge,
  Settlement,
} from './payment-provider.js';
import { csvFields, unzip, yuanToFen } from './bill-files.js';
import { payoutOutcome } from './payment-provider.js';
import type { ProviderCustomers } from './provider-customers.js';

export interface AlipaySettings {
  appId: string;
  /** Our application's private key: it signs every request. */
  privateKey: KeyObject;
  /** Alipay's public key: it verifies notifications and responses. */
  alipayPublicKey: KeyObject;
  gatewayUrl: string;
  /** Where Alipay posts its notifications (…/api/v1/webhooks/payments/alipay); null: as set up in Alipay's console. */
  notifyUrl: string | null;
}

/**
 * The text Alipay signs: every parameter but `sign` and `sign_type` (and empty ones), sorted by
 * name, joined as `name=value` with `&`, values as they are (URL-decoded).
 */
export function alipaySignContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && key !== 'sign_type' && params[key] !== '' && params[key] !== undefined)
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

/** RSA2: SHA256withRSA, base64. */
export const signRsa2 = (content: string, key: KeyObject) => createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');
const verifyRsa2 = (content: string, signature: string, key: KeyObject) => {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(key, signature, 'base64');
  } catch {
    return false;
  }
};

const fenToYuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const PAID = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

/** Beijing's calendar day (Alipay's agreements and bills are dated in it), `days` after now. */
const beijingDay = (days = 0) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A membership's period as a cycle-deduction rule (周期扣款): every so many days or months, the first
 * deduction the day before the first period ends (when renewals are charged), at most the price each time.
 */
function periodRule(every: Period, amountCents: number) {
  const months = every.unit === 'year' ? 12 * every.count : every.count;
  const days = every.unit === 'day' ? every.count : Math.round(months * 30.44);
  return {
    period_type: every.unit === 'day' ? 'DAY' : 'MONTH',
    period: every.unit === 'day' ? every.count : months,
    execute_time: beijingDay(days - 1),
    single_amount: fenToYuan(amountCents),
  };
}

const unreadable = (field: string, message: string) =>
  HttpProblem.forFields(400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID', 'The notification cannot be read.', [{ field, messages: [message] }]);

/**
 * Alipay (支付宝) through its OpenAPI gateway: the buyer pays on Alipay's cashier page
 * (alipay.trade.page.pay, a signed link), trades are queried and refunded with signed calls whose
 * signed answers are verified, and asynchronous notifications are verified as Alipay documents
 * (RSA2 over the sorted parameters, with Alipay's public key) and answered `success`.
 */
export class AlipayPaymentProvider implements PaymentProvider {
  readonly name = 'alipay' as const;
  /** Alipay dates its bills by Beijing's calendar. */
  readonly settlementTimeZone = 'Asia/Shanghai';
  readonly reportsRefunds = true;
  readonly reportsChargebacks = false;
  readonly reversesPayouts = false;
  readonly answer = { contentType: 'text/plain; charset=utf-8', body: 'success' };

  constructor(
    private readonly settings: AlipaySettings,
    /** Members' cycle-deduction agreements: our external_agreement_no, and Alipay's agreement_no once signed. */
    private readonly agreements: ProviderCustomers,
  ) {}

  /**
   * The cashier link. A membership's charge, from a member without an agreement yet, is paid and
   * signed in one go (支付并签约): the same page asks the member to agree to the cycle deduction.
   */
  async createCheckout({ paymentId, amountCents, description, customerId, renewsEvery }: PaymentRequest): Promise<Checkout> {
    const signed = customerId ? (await this.agreements.customerOf(customerId))?.paymentMethodRef : null;
    const agreement =
      customerId && renewsEvery && !signed
        ? {
            personal_product_code: 'CYCLE_PAY_AUTH_P',
            sign_scene: 'INDUSTRY|DIGITAL_MEDIA',
            external_agreement_no: await this.agreements.agreementNumberFor(customerId),
            access_params: { channel: 'ALIPAYAPP' },
            period_rule_params: periodRule(renewsEvery, amountCents),
            ...(this.settings.notifyUrl && { sign_notify_url: this.settings.notifyUrl }),
          }
        : null;
    const params = this.signed('alipay.trade.page.pay', {
      out_trade_no: paymentId,
      total_amount: fenToYuan(amountCents),
      subject: description.slice(0, 256) || paymentId,
      product_code: 'FAST_INSTANT_TRADE_PAY',
      ...(agreement && { agreement_sign_params: agreement }),
    });
    return { provider: this.name, paymentId, url: `${this.settings.gatewayUrl}?${new URLSearchParams(params)}`, clientSecret: null };
  }

  /**
   * A renewal deducted under the member's agreement (alipay.trade.pay with agreement_params). Alipay
   * answers at once: paid (or paid already, under this out_trade_no) or refused (a short balance, an
   * agreement ended) are outcomes for the inbox; "waiting" settles later by notification or query.
   */
  async chargeSavedMethod({ paymentId, amountCents, description, customerId }: PaymentRequest & { customerId: string }): Promise<RenewalCharge> {
    const agreementNo = (await this.agreements.customerOf(customerId))?.paymentMethodRef;
    if (!agreementNo) return { charged: false };
    const response = await this.call('alipay.trade.pay', {
      out_trade_no: paymentId,
      total_amount: fenToYuan(amountCents),
      subject: description.slice(0, 256) || paymentId,
      product_code: 'CYCLE_PAY_AUTH',
      agreement_params: { agreement_no: agreementNo },
    });
    const paid = (cents: number | undefined): RenewalCharge => ({
      charged: true,
      confirmed: { id: `alipay-charge:${paymentId}:succeeded`, type: 'payment.succeeded', data: { paymentId, amountCents: cents, currency: 'CNY' } },
    });
    if (response.code === '10000') return paid(yuanToFen(response.total_amount));
    // Asked again (a retried job): the trade went through the first time.
    if (response.sub_code === 'ACQ.TRADE_HAS_SUCCESS') {
      const status = await this.queryPayment(paymentId);
      return status.status === 'succeeded' ? paid(status.amountCents) : { charged: true, confirmed: null };
    }
    if (response.code === '10003' || response.code === '20000') return { charged: true, confirmed: null };
    if (response.code === '40004') {
      const reason = `${response.sub_code ?? 'refused'}: ${response.sub_msg ?? response.msg ?? ''}`.trim();
      return { charged: true, confirmed: { id: `alipay-charge:${paymentId}:failed`, type: 'payment.failed', data: { paymentId, reason } } };
    }
    throw new Error(`Alipay refused to charge ${paymentId}: ${response.sub_code ?? response.code} ${response.sub_msg ?? response.msg}`);
  }

  /** Alipay refunds synchronously: a refund that moved money (fund_change Y) is confirmed by its answer. */
  async refund({ paymentId, refundId, amountCents }: RefundRequest): Promise<ProviderEvent | null> {
    const response = await this.call('alipay.trade.refund', { out_trade_no: paymentId, refund_amount: fenToYuan(amountCents), out_request_no: refundId });
    if (response.code !== '10000') throw new Error(`Alipay refused refund ${refundId}: ${response.sub_code ?? response.code} ${response.sub_msg ?? response.msg}`);
    if (response.fund_change !== 'Y') return null; // already refunded under this out_request_no: its first answer confirmed it
    return { id: `alipay-refund:${refundId}`, type: 'refund.succeeded', data: { paymentId, refundId, amountCents } };
  }

  /**
   * A transfer to the creator's Alipay account (alipay.fund.trans.uni.transfer, 单笔转账), once per
   * out_biz_no (our payout id). Alipay answers SUCCESS or FAIL at once, or DEALING: then
   * alipay.fund.trans.common.query tells later. A refusal (no such payee, a wrong name) fails it.
   */
  async payout({ payoutId, amountCents, payee }: PayoutRequest): Promise<ProviderEvent | null> {
    if (!payee) return payoutOutcome(this.name, payoutId, { paid: false, reason: 'no Alipay account to pay' });
    const response = await this.call('alipay.fund.trans.uni.transfer', {
      out_biz_no: payoutId,
      trans_amount: fenToYuan(amountCents),
      product_code: 'TRANS_ACCOUNT_NO_PWD',
      biz_scene: 'DIRECT_TRANSFER',
      order_title: 'Zhiku creator earnings',
      // 2088 and twelve digits is an Alipay user id; anything else is a login (email or phone), which goes with the holder's name.
      payee_info: { identity: payee.account, identity_type: /^2088\d{12}$/.test(payee.account) ? 'ALIPAY_USER_ID' : 'ALIPAY_LOGON_ID', ...(payee.name && { name: payee.name }) },
    });
    return this.transferOutcome(payoutId, response);
  }

  async queryPayout({ payoutId }: PayoutRequest): Promise<ProviderEvent | null> {
    const response = await this.call('alipay.fund.trans.common.query', { out_biz_no: payoutId, product_code: 'TRANS_ACCOUNT_NO_PWD', biz_scene: 'DIRECT_TRANSFER' });
    if (response.sub_code === 'ORDER_NOT_EXIST') return null; // never made: the instruction is retried
    return this.transferOutcome(payoutId, response);
  }

  private transferOutcome(payoutId: string, response: Record<string, string | undefined>): ProviderEvent | null {
    if (response.code === '10000') {
      if (response.status === 'SUCCESS') return payoutOutcome(this.name, payoutId, { paid: true });
      if (response.status === 'FAIL' || response.status === 'CLOSED') return payoutOutcome(this.name, payoutId, { paid: false, reason: response.fail_reason ?? response.status });
      return null; // DEALING, WAIT_PAY, INIT: not decided yet
    }
    if (response.code === '40004') return payoutOutcome(this.name, payoutId, { paid: false, reason: `${response.sub_code ?? 'refused'}: ${response.sub_msg ?? response.msg ?? ''}`.trim() });
    if (response.code === '20000') return null; // Alipay does not know yet: asked again later
    throw new Error(`Alipay refused transfer ${payoutId}: ${response.sub_code ?? response.code} ${response.sub_msg ?? response.msg}`);
  }

  async queryPayment(paymentId: string): Promise<PaymentStatus> {
    const response = await this.call('alipay.trade.query', { out_trade_no: paymentId });
    if (response.code !== '10000') {
      if (response.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'pending' }; // the buyer never opened the cashier
      throw new Error(`Alipay could not say what became of ${paymentId}: ${response.sub_code ?? response.code} ${response.sub_msg ?? response.msg}`);
    }
    if (PAID.has(response.trade_status ?? '')) return { status: 'succeeded', amountCents: yuanToFen(response.total_amount) ?? 0, currency: 'CNY' };
    if (response.trade_status === 'TRADE_CLOSED') return { status: 'failed', reason: 'trade closed' };
    return { status: 'pending' };
  }

  /**
   * The day's trade bill (对账单, bill_type trade): its download address from
   * alipay.data.dataservice.bill.downloadurl.query, then the zip at that address, whose detail CSV
   * (GBK; `#` lines are notes) lists each trade; rows of 业务类型 交易 are payments settled, at 订单金额;
   * rows of 退款 are refunds paid back, at 订单金额 (negative), named by 退款批次号/请求号 (our refund id).
   * Alipay dates its bills in Beijing time. A day with no trades has no bill: nothing settled.
   */
  async listSettlements(day: string): Promise<Settlement[]> {
    const response = await this.call('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: day });
    if (response.code !== '10000' || !response.bill_download_url) {
      if (response.sub_code === 'isp.bill_not_exist') return [];
      throw new Error(`Alipay gave no bill for ${day}: ${response.sub_code ?? response.code} ${response.sub_msg ?? response.msg}`);
    }
    const download = await fetch(response.bill_download_url, { signal: AbortSignal.timeout(60_000) });
    if (!download.ok) throw new Error(`Alipay's bill for ${day} could not be downloaded: HTTP ${download.status}`);
    const files = unzip(Buffer.from(await download.arrayBuffer()));
    const detail = [...files].find(([name]) => name.includes('业务明细') && !name.includes('汇总'));
    if (!detail) throw new Error(`Alipay's bill for ${day} has no detail file`);
    const lines = new TextDecoder('gbk').decode(detail[1]).split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const header = csvFields(lines[0] ?? '');
    const column = (name: string) => header.findIndex((field) => field.startsWith(name));
    const [outTradeNo, kind, amount, requestNo] = [column('商户订单号'), column('业务类型'), column('订单金额'), column('退款批次号')];
    if (outTradeNo < 0 || kind < 0 || amount < 0) throw new Error(`Alipay's bill for ${day} has no 商户订单号/业务类型/订单金额 columns`);
    return lines.slice(1).flatMap((line): Settlement[] => {
      const fields = csvFields(line);
      const paymentId = fields[outTradeNo];
      // A refund's row carries its amount negative, and our out_request_no (the refund id) in 退款批次号/请求号.
      const cents = yuanToFen(fields[amount]?.replace(/^-/, ''));
      if (!paymentId || cents === undefined) return [];
      if (fields[kind] === '交易') return [{ paymentId, amountCents: cents, currency: 'CNY' }];
      const refundId = requestNo < 0 ? undefined : fields[requestNo];
      if (fields[kind] === '退款' && refundId) return [{ paymentId, refundId, amountCents: cents, currency: 'CNY' }];
      return [];
    });
  }

  async verifyNotification({ rawBody }: ProviderNotification): Promise<ProviderEvent> {
    const params = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
    if (!params.sign || (params.sign_type && params.sign_type !== 'RSA2')) throw CommerceErrors.webhookSignature('malformed');
    if (!verifyRsa2(alipaySignContent(params), params.sign, this.settings.alipayPublicKey)) throw CommerceErrors.webhookSignature('mismatch');
    // Signed by Alipay, but for another application of the merchant's: not ours to apply.
    if (params.app_id !== this.settings.appId) throw unreadable('app_id', 'app_id is not this application');
    if (params.notify_type === 'dut_user_sign' || params.notify_type === 'dut_user_unsign') return this.agreementChanged(params);
    if (!params.notify_id || !params.out_trade_no) throw unreadable(params.notify_id ? 'out_trade_no' : 'notify_id', 'required');
    const paymentId = params.out_trade_no;
    const id = params.notify_id;
    // A refund's notification names it (out_biz_no: our refund id) and what it paid back.
    if (params.out_biz_no && params.refund_fee) {
      return { id, type: 'refund.succeeded', data: { paymentId, refundId: params.out_biz_no, amountCents: yuanToFen(params.refund_fee) } };
    }
    if (PAID.has(params.trade_status ?? '')) {
      return { id, type: 'payment.succeeded', data: { paymentId, amountCents: yuanToFen(params.total_amount), currency: 'CNY' } };
    }
    if (params.trade_status === 'TRADE_CLOSED') return { id, type: 'payment.failed', data: { paymentId, reason: 'trade closed' } };
    return { id, type: `alipay.${params.trade_status ?? params.notify_type ?? 'notification'}`, data: { objectId: paymentId } };
  }

  /**
   * A member signed (dut_user_sign, status NORMAL) or ended (dut_user_unsign) their cycle-deduction
   * agreement: renewals are charged under it from now on, or no more. Kept in the inbox as an event
   * about our agreement number, acted on no further.
   */
  private async agreementChanged(params: Record<string, string>): Promise<ProviderEvent> {
    const { notify_id: id, notify_type: type, external_agreement_no: number, agreement_no: agreementNo } = params;
    if (!id || !number || !agreementNo) throw unreadable(id ? (number ? 'agreement_no' : 'external_agreement_no') : 'notify_id', 'required');
    if (type === 'dut_user_sign' && params.status === 'NORMAL') await this.agreements.savePaymentMethod(number, agreementNo);
    if (type === 'dut_user_unsign') await this.agreements.endAgreement(number);
    return { id, type: `alipay.${type}`, data: { objectId: number } };
  }

  /** The common request parameters, signed. */
  private signed(method: string, bizContent: Record<string, unknown>): Record<string, string> {
    const params: Record<string, string> = {
      app_id: this.settings.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: new Date(Date.now() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19), // Beijing time
      version: '1.0',
      biz_content: JSON.stringify(bizContent),
      ...(this.settings.notifyUrl && { notify_url: this.settings.notifyUrl }),
    };
    return { ...params, sign: signRsa2(alipaySignContent(params), this.settings.privateKey) };
  }

  /**
   * A signed call; its answer is trusted only if Alipay's signature over the exact text of the
   * `<method>_response` member verifies.
   */
  private async call(method: string, bizContent: Record<string, unknown>): Promise<Record<string, string | undefined>> {
    const response = await fetch(this.settings.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(this.signed(method, bizContent)),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Alipay answered ${method} with HTTP ${response.status}`);
    const node = `"${method.replace(/\./g, '_')}_response":`;
    const start = text.indexOf(node);
    const end = text.lastIndexOf(',"sign":');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const signature = parsed.sign;
    if (start < 0 || end < start || typeof signature !== 'string' || !verifyRsa2(text.slice(start + node.length, end), signature, this.settings.alipayPublicKey)) {
      throw new Error(`Alipay's answer to ${method} is not signed by Alipay`);
    }
    return parsed[`${method.replace(/\./g, '_')}_response`] as Record<string, string | undefined>;
  }
}

import { constants, createDecipheriv, createHash, createSign, createVerify, type KeyObject, publicEncrypt, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { HttpProblem } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
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
import { csvFields, yuanToFen } from './bill-files.js';
import { payoutAwaitingConfirmation, payoutOutcome } from './payment-provider.js';
import type { ProviderCustomers } from './provider-customers.js';
import type { WechatTransferBills } from './wechat-transfer-bills.js';

export interface WechatPaySettings {
  mchId: string;
  appId: string;
  /** The APIv3 key (32 characters): it decrypts notification resources. */
  apiV3Key: string;
  /** The merchant's private key and its certificate's serial number: they sign every request. */
  privateKey: KeyObject;
  certSerial: string;
  /** WeChat Pay's public key (or its platform certificate's) and its id: they verify notifications and answers. */
  platformPublicKey: KeyObject;
  platformKeyId: string | null;
  apiUrl: string;
  notifyUrl: string;
  toleranceSeconds: number;
  /** The 委托代扣 template members sign for renewals; null: no deductions, members pay each renewal. */
  papayPlanId: number | null;
  /** 'bills': 商家转账 (transfer bills the payee confirms in WeChat); 'batches': 商家转账到零钱 (closed to new merchants). */
  transferApi: 'bills' | 'batches';
  transferSceneId: string;
  transferRecvPerception: string | null;
  transferSceneReport: readonly { infoType: string; infoContent: string }[];
}

/** The text WeChat Pay signs in a notification or an answer: timestamp, nonce and body, each ended by a newline. */
export const wechatPayMessage = (timestamp: string, nonce: string, body: string) => `${timestamp}\n${nonce}\n${body}\n`;

/** AEAD_AES_256_GCM as WeChat Pay applies it: the APIv3 key, the resource's nonce and associated data; the tag ends the ciphertext. */
export function decryptResource(apiV3Key: string, resource: { ciphertext: string; nonce: string; associated_data?: string }): string {
  const data = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

/**
 * A sensitive field (a payee's real name) as WeChat Pay wants it sent: encrypted with its platform
 * public key, RSA-OAEP with SHA-1 and MGF1-SHA-1 (RSA_PKCS1_OAEP_PADDING), base64. Only WeChat Pay
 * can read it; the request then names that key in Wechatpay-Serial.
 */
export const encryptSensitiveField = (value: string, platformPublicKey: KeyObject) =>
  publicEncrypt({ key: platformPublicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(value, 'utf8')).toString('base64');

/** Below 0.30 yuan WeChat Pay refuses a transfer that names the payee; from 2,000 yuan it refuses one that does not (the approval checks that). */
const NAME_ALLOWED_FROM_FEN = 30;

/**
 * The member's device as pre-signing wants it (device_info, every member required). The api knows
 * only what the browser that opened the checkout tells it: its address and User-Agent. The member
 * scans the signing code with WeChat on a phone we never see, so the rest is said to be unknown
 * (WeChat Pay's own UNKNOW values where it has them).
 */
export function deviceInfo(device: PaymentRequest['device']) {
  const agent = device?.userAgent ?? '';
  const os = /Windows NT [\d.]+|Mac OS X [\d_]+|Android [\d.]+|iPhone OS [\d_]+|Linux/.exec(agent)?.[0] ?? 'unknown';
  return {
    device_type: 'DEVICE_TYPE_UNKNOW',
    device_os: os.slice(0, 32),
    device_id: 'unknown',
    device_running_as_root: false,
    device_ip: device?.ip ?? 'unknown',
    weixin_installed: false,
    weixin_version: 'unknown',
    days_since_first_login: 'DAYS_SINCE_FIRST_LOGIN_UNKNOW',
  };
}

/** WeChat Pay's batch and detail numbers take letters and digits only: a payout id's 32 hex digits. */
const transferNumber = (payoutId: string) => payoutId.replace(/-/g, '');

/** The payout a transfer number names (32 hex digits, as transferNumber wrote them); null: not a number of ours. */
export const payoutIdOfTransfer = (number: unknown): string | null => {
  if (typeof number !== 'string' || !/^[0-9a-f]{32}$/i.test(number)) return null;
  const hex = number.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const header = (headers: ProviderNotification['headers'], name: string) => {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

const unreadable = (field: string, message: string) =>
  HttpProblem.forFields(400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID', 'The notification cannot be read.', [{ field, messages: [message] }]);

interface Transaction {
  mchid?: string;
  out_trade_no?: string;
  trade_state?: string;
  trade_state_desc?: string;
  amount?: { total?: number; currency?: string };
}
/**
 * A deduction contract (委托代扣协议) as ENTRUST.SIGN / ENTRUST.TERMINATE describe it: contract_id,
 * out_contract_code, plan_id and contract_state (SIGNED, TERMINATED). Published samples name the
 * merchant as sp_mchid/sub_mchid (a service provider's shape) where a direct merchant's has mchid.
 */
interface ContractResource {
  mchid?: string;
  sp_mchid?: string;
  sub_mchid?: string;
  out_contract_code?: string;
  contract_id?: string;
  contract_state?: string;
  plan_id?: number;
}
/**
 * A merchant transfer's notification resource. MCHTRANSFER.BATCH.FINISHED / .CLOSED (商家转账到零钱,
 * the batches we make) name the batch: out_batch_no, batch_status (FINISHED, CLOSED), close_reason.
 * MCHTRANSFER.BILL.FINISHED (the newer 商家转账 transfer bills) names the bill and its final state:
 * out_bill_no, transfer_bill_no, state (SUCCESS, FAIL, CANCELLED), fail_reason.
 */
interface TransferResource {
  mchid?: string;
  out_batch_no?: string;
  batch_status?: string;
  close_reason?: string;
  out_bill_no?: string;
  transfer_bill_no?: string;
  state?: string;
  fail_reason?: string;
}
/** A transfer bill as creating or querying it answers (only creating names package_info). */
interface TransferBill {
  out_bill_no?: string;
  transfer_bill_no?: string;
  state?: string;
  fail_reason?: string;
  package_info?: string;
}
interface RefundResource {
  mchid?: string;
  out_trade_no?: string;
  out_refund_no?: string;
  refund_status?: string;
  amount?: { refund?: number };
}

/**
 * WeChat Pay API v3 (微信支付): Native payments (the buyer scans the code_url), signed requests
 * (WECHATPAY2-SHA256-RSA2048) whose answers' signatures are verified, and notifications verified
 * over `timestamp\nnonce\nbody\n` with WeChat Pay's public key, their resource decrypted with the
 * APIv3 key (AEAD_AES_256_GCM).
 */
export class WechatPayPaymentProvider implements PaymentProvider {
  readonly name = 'wechatpay' as const;
  /** WeChat Pay dates its bills by Beijing's calendar. */
  readonly settlementTimeZone = 'Asia/Shanghai';
  readonly reportsRefunds = true;
  readonly reportsChargebacks = false;
  readonly reversesPayouts = false;
  readonly answer = null;

  constructor(
    private readonly settings: WechatPaySettings,
    /** Members' deduction contracts: our out_contract_code, and WeChat Pay's contract_id once signed. */
    private readonly contracts: ProviderCustomers,
    /** The transfer bills made for payouts: their state, and the package_info their payee confirms with. */
    private readonly bills: WechatTransferBills,
  ) {}

  /**
   * A Native payment (the buyer scans its code_url). A membership's charge, from a member without a
   * deduction contract, also comes with a contract to sign (pre-entrust-sign, scanned as a QR code
   * too): once signed, renewals are deducted without them.
   */
  async createCheckout(request: PaymentRequest): Promise<Checkout> {
    const checkout = await this.nativePayment(request);
    const { customerId, renewsEvery } = request;
    if (!customerId || !renewsEvery || this.settings.papayPlanId === null) return checkout;
    if ((await this.contracts.customerOf(customerId))?.paymentMethodRef) return checkout;
    const presigned = await this.call<{ pre_entrustweb_id?: string; redirect_url?: string } | null>('POST', '/v3/papay/sign/contracts/pre-entrust-sign', {
      sign_scene: 'SIGN_SCENE_QRCODE',
      appid: this.settings.appId,
      plan_id: this.settings.papayPlanId,
      out_contract_code: await this.contracts.agreementNumberFor(customerId),
      contract_display_account: request.description.slice(0, 32) || 'Zhiku',
      contract_notify_url: this.settings.notifyUrl,
      out_user_code: customerId.replace(/-/g, ''),
      device_info: deviceInfo(request.device),
    });
    return presigned?.redirect_url ? { ...checkout, agreementUrl: presigned.redirect_url } : checkout;
  }

  /**
   * A renewal deducted under the member's contract (受理扣款). WeChat Pay only accepts it here; the
   * outcome comes as the transaction's notification (or the query reconciliation makes). It deducts
   * once per out_trade_no however often asked.
   */
  async chargeSavedMethod({ paymentId, amountCents, currency, description, customerId }: PaymentRequest & { customerId: string }): Promise<RenewalCharge> {
    const contractId = (await this.contracts.customerOf(customerId))?.paymentMethodRef;
    if (!contractId || this.settings.papayPlanId === null) return { charged: false };
    await this.call('POST', '/v3/papay/pay/transactions/apply', {
      appid: this.settings.appId,
      out_trade_no: paymentId,
      description: description.slice(0, 127) || paymentId,
      transaction_notify_url: this.settings.notifyUrl,
      contract_id: contractId,
      amount: { total: amountCents, currency },
    });
    return { charged: true, confirmed: null };
  }

  private async nativePayment({ paymentId, amountCents, currency, description }: PaymentRequest): Promise<Checkout> {
    const { code_url: codeUrl } = await this.call<{ code_url: string }>('POST', '/v3/pay/transactions/native', {
      appid: this.settings.appId,
      mchid: this.settings.mchId,
      description: description.slice(0, 127) || paymentId,
      out_trade_no: paymentId,
      notify_url: this.settings.notifyUrl,
      amount: { total: amountCents, currency },
    });
    return { provider: this.name, paymentId, url: codeUrl, clientSecret: null };
  }

  /** A refund WeChat Pay settles at once is confirmed in its answer; otherwise REFUND.SUCCESS comes as a notification. */
  async refund({ paymentId, refundId, amountCents, currency, paymentAmountCents }: RefundRequest): Promise<ProviderEvent | null> {
    const refund = await this.call<{ status: string; refund_id: string }>('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: paymentId,
      out_refund_no: refundId,
      amount: { refund: amountCents, total: paymentAmountCents, currency },
      notify_url: this.settings.notifyUrl,
    });
    if (refund.status !== 'SUCCESS') return null;
    return { id: `wechatpay-refund:${refundId}`, type: 'refund.succeeded', data: { paymentId, refundId, amountCents } };
  }

  /**
   * A merchant transfer (商家转账到零钱, POST /v3/transfer/batches) of one detail to the creator's
   * openid; batch and detail numbers are our payout id's 32 hex digits. WeChat Pay only accepts it:
   * the detail's status (queryPayout) says later whether it was paid. Asked again, the batch made
   * the first time answers instead of a second one.
   */
  async payout(request: PayoutRequest): Promise<ProviderEvent | null> {
    if (!request.payee) return payoutOutcome(this.name, request.payoutId, { paid: false, reason: 'no WeChat openid to pay' });
    return this.settings.transferApi === 'bills' ? this.transferBill(request) : this.transferBatch(request);
  }

  /** The payee's real name, sent encrypted for WeChat Pay alone (which checks it against the openid's holder); null: none to send. */
  private payeeName({ amountCents, payee }: PayoutRequest): string | null {
    const named = payee?.name && amountCents >= NAME_ALLOWED_FROM_FEN ? payee.name : null;
    if (named && this.settings.platformKeyId === null) {
      throw new Error('WECHATPAY_PUBLIC_KEY_ID must name WeChat Pay\'s public key (or platform certificate) to send a payee\'s name');
    }
    return named;
  }

  /**
   * A transfer bill (商家转账, POST /v3/fund-app/mch-transfer/transfer-bills) to the creator's openid;
   * out_bill_no is our payout id's 32 hex digits. The payee confirms receipt in WeChat while the bill
   * waits (WAIT_USER_CONFIRM) with the package_info of this answer, which is kept for them. Asked again
   * (a retried job), the bill made the first time is queried instead of a second one made; its final
   * state (SUCCESS, FAIL, CANCELLED) is the payout's outcome.
   */
  private async transferBill(request: PayoutRequest): Promise<ProviderEvent | null> {
    const { payoutId, amountCents, payee } = request;
    const made = await this.queryBill(payoutId);
    if (made) return made.outcome;
    const named = this.payeeName(request);
    const remark = 'Zhiku creator earnings';
    const bill = await this.call<TransferBill>(
      'POST',
      '/v3/fund-app/mch-transfer/transfer-bills',
      {
        appid: this.settings.appId,
        out_bill_no: transferNumber(payoutId),
        transfer_scene_id: this.settings.transferSceneId,
        openid: payee!.account,
        ...(named && { user_name: encryptSensitiveField(named, this.settings.platformPublicKey) }),
        transfer_amount: amountCents,
        transfer_remark: remark,
        notify_url: this.settings.notifyUrl,
        ...(this.settings.transferRecvPerception && { user_recv_perception: this.settings.transferRecvPerception }),
        transfer_scene_report_infos: this.settings.transferSceneReport.map(({ infoType, infoContent }) => ({ info_type: infoType, info_content: infoContent })),
      },
      this.settings.platformKeyId !== null ? { 'wechatpay-serial': this.settings.platformKeyId } : {},
    );
    if (!bill?.state) throw new Error(`WeChat Pay's answer to a transfer bill for payout ${payoutId} names no state`);
    await this.bills.record(payoutId, { transferBillNo: bill.transfer_bill_no ?? null, state: bill.state, packageInfo: bill.package_info ?? null });
    return this.billOutcome(payoutId, bill);
  }

  /** A payout's transfer bill as WeChat Pay keeps it (its state recorded), with its outcome if final; null: no bill was made. */
  private async queryBill(payoutId: string): Promise<{ outcome: ProviderEvent | null } | null> {
    const bill = await this.call<TransferBill | null>('GET', `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${transferNumber(payoutId)}`);
    if (!bill?.state) return null;
    await this.bills.record(payoutId, { transferBillNo: bill.transfer_bill_no ?? null, state: bill.state });
    return { outcome: this.billOutcome(payoutId, bill) };
  }

  /**
   * SUCCESS: paid. FAIL, CANCELLED (a bill left unconfirmed too long, or cancelled): nothing left the
   * merchant's account. WAIT_USER_CONFIRM: on its way, waiting for the creator (who is told once).
   * Others: on its way.
   */
  private billOutcome(payoutId: string, bill: { state?: string; fail_reason?: string }): ProviderEvent | null {
    if (bill.state === 'SUCCESS') return payoutOutcome(this.name, payoutId, { paid: true });
    if (bill.state === 'FAIL' || bill.state === 'CANCELLED') return payoutOutcome(this.name, payoutId, { paid: false, reason: bill.fail_reason ?? bill.state });
    if (bill.state === 'WAIT_USER_CONFIRM') return payoutAwaitingConfirmation(this.name, payoutId);
    return null; // ACCEPTED, PROCESSING, TRANSFERING, CANCELING
  }

  /**
   * Cancels a payout's transfer bill that waits for its payee (撤销转账, POST
   * /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}/cancel, no body). WeChat Pay
   * answers CANCELING or CANCELLED: the money does not go, so the payout fails (the same event as the
   * bill's later CANCELLED notification, so the money returns once). Refused (the bill ended
   * meanwhile: paid, failed, cancelled already), the bill is asked for and its state is the outcome.
   */
  async cancelPayout(payoutId: string): Promise<ProviderEvent | null> {
    if (this.settings.transferApi !== 'bills') return null;
    // Refused (an error): what the bill became says why.
    const answer = await this.call<TransferBill | null>('POST', `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${transferNumber(payoutId)}/cancel`).catch(() => null);
    if (answer?.state === 'CANCELING' || answer?.state === 'CANCELLED') {
      await this.bills.record(payoutId, { transferBillNo: answer.transfer_bill_no ?? null, state: answer.state });
      return payoutOutcome(this.name, payoutId, { paid: false, reason: 'cancelled' });
    }
    return (await this.queryBill(payoutId))?.outcome ?? null;
  }

  /**
   * What the payee's WeChat client needs to confirm a payout's transfer bill (wx.requestMerchantTransfer:
   * mchId, appId, package), while the bill waits for them; null: it waits for nobody.
   */
  async confirmationOf(payoutId: string): Promise<{ state: string; packageInfo: string | null } | null> {
    const bill = await this.bills.of(payoutId);
    if (!bill) return null;
    return { state: bill.state, packageInfo: bill.state === 'WAIT_USER_CONFIRM' ? bill.packageInfo : null };
  }

  get mchId(): string {
    return this.settings.mchId;
  }

  get appId(): string {
    return this.settings.appId;
  }

  /**
   * A merchant transfer (商家转账到零钱, POST /v3/transfer/batches) of one detail to the creator's
   * openid; batch and detail numbers are our payout id's 32 hex digits. WeChat Pay only accepts it:
   * the detail's status (queryPayout) says later whether it was paid. Asked again, the batch made
   * the first time answers instead of a second one.
   */
  private async transferBatch(request: PayoutRequest): Promise<ProviderEvent | null> {
    const { payoutId, amountCents, payee } = request;
    const made = await this.transferDetail(payoutId);
    if (made) return this.detailOutcome(payoutId, made);
    const number = transferNumber(payoutId);
    const named = this.payeeName(request);
    await this.call(
      'POST',
      '/v3/transfer/batches',
      {
        appid: this.settings.appId,
        out_batch_no: number,
        batch_name: 'Zhiku creator earnings',
        batch_remark: 'Zhiku creator earnings',
        total_amount: amountCents,
        total_num: 1,
        transfer_detail_list: [
          {
            out_detail_no: number,
            transfer_amount: amountCents,
            transfer_remark: 'Zhiku creator earnings',
            openid: payee!.account,
            ...(named && { user_name: encryptSensitiveField(named, this.settings.platformPublicKey) }),
          },
        ],
        // WeChat Pay tells the batch's end (MCHTRANSFER.BATCH.FINISHED / .CLOSED) here; reconciliation asks too.
        notify_url: this.settings.notifyUrl,
      },
      // WeChat Pay lists Wechatpay-Serial as required on this call; it must name the key a payee's name is encrypted with.
      this.settings.platformKeyId !== null ? { 'wechatpay-serial': this.settings.platformKeyId } : {},
    );
    return null;
  }

  async queryPayout({ payoutId }: PayoutRequest): Promise<ProviderEvent | null> {
    if (this.settings.transferApi === 'bills') return (await this.queryBill(payoutId))?.outcome ?? null;
    const detail = await this.transferDetail(payoutId);
    return detail ? this.detailOutcome(payoutId, detail) : null;
  }

  /** The transfer detail of a payout, as WeChat Pay keeps it; null when no batch was made for it. */
  private transferDetail(payoutId: string): Promise<{ detail_status?: string; fail_reason?: string } | null> {
    const number = transferNumber(payoutId);
    return this.call('GET', `/v3/transfer/batches/out-batch-no/${number}/details/out-detail-no/${number}`);
  }

  private detailOutcome(payoutId: string, detail: { detail_status?: string; fail_reason?: string }): ProviderEvent | null {
    if (detail.detail_status === 'SUCCESS') return payoutOutcome(this.name, payoutId, { paid: true });
    if (detail.detail_status === 'FAIL') return payoutOutcome(this.name, payoutId, { paid: false, reason: detail.fail_reason ?? 'FAIL' });
    return null; // INIT, WAIT_PAY, PROCESSING
  }

  async queryPayment(paymentId: string): Promise<PaymentStatus> {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(paymentId)}?mchid=${encodeURIComponent(this.settings.mchId)}`;
    const transaction = await this.call<Transaction | null>('GET', path);
    if (transaction === null) return { status: 'pending' }; // the buyer never scanned: WeChat Pay knows no such order
    if (transaction.trade_state === 'SUCCESS') return { status: 'succeeded', amountCents: transaction.amount?.total ?? 0, currency: transaction.amount?.currency ?? 'CNY' };
    if (transaction.trade_state === 'CLOSED' || transaction.trade_state === 'PAYERROR') {
      return { status: 'failed', reason: transaction.trade_state_desc ?? transaction.trade_state };
    }
    return { status: 'pending' };
  }

  /**
   * The day's trade bills (交易账单): bill_type SUCCESS lists each paid order, bill_type REFUND each
   * refund (交易状态 REFUND) with our 商户退款单号, its 退款金额 and 退款状态. WeChat Pay dates its
   * bills in Beijing time; a day with no trades of a kind has no such bill: nothing of it happened.
   */
  async listSettlements(day: string): Promise<Settlement[]> {
    const paid = (await this.tradeBill(day, 'SUCCESS')).flatMap(({ column }): Settlement[] => {
      const cents = yuanToFen(column('订单金额'));
      const paymentId = column('商户订单号');
      return column('交易状态') === 'SUCCESS' && paymentId && cents !== undefined ? [{ paymentId, amountCents: cents, currency: 'CNY' }] : [];
    });
    const refunded = (await this.tradeBill(day, 'REFUND')).flatMap(({ column }): Settlement[] => {
      const cents = yuanToFen(column('退款金额'));
      const [paymentId, refundId] = [column('商户订单号'), column('商户退款单号')];
      return column('退款状态') === 'SUCCESS' && paymentId && refundId && cents !== undefined ? [{ paymentId, refundId, amountCents: cents, currency: 'CNY' }] : [];
    });
    return [...paid, ...refunded];
  }

  /**
   * One trade bill: GET /v3/bill/tradebill names a download address and the bill's SHA1; the file
   * (gzipped when asked, tar_type GZIP) must hash to it. Its CSV has a header, then each row with every
   * value behind a backtick, until the summary (总交易单数…). Rows are read by column name.
   */
  private async tradeBill(day: string, type: 'SUCCESS' | 'REFUND'): Promise<{ column: (name: string) => string | undefined }[]> {
    let bill: { hash_type?: string; hash_value?: string; download_url?: string };
    try {
      bill = await this.call('GET', `/v3/bill/tradebill?bill_date=${day}&bill_type=${type}&tar_type=GZIP`);
    } catch (error) {
      if (/NO_STATEMENT_EXIST/.test((error as Error).message)) return [];
      throw error;
    }
    if (!bill?.download_url || !bill.hash_value) throw new Error(`WeChat Pay gave no ${type} bill address for ${day}`);
    const file = await this.download(bill.download_url);
    const text = file[0] === 0x1f && file[1] === 0x8b ? gunzipSync(file) : file;
    if (createHash('sha1').update(text).digest('hex').toLowerCase() !== bill.hash_value.toLowerCase()) {
      throw new Error(`WeChat Pay's ${type} bill for ${day} does not match its SHA1`);
    }
    const lines = text.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = csvFields(lines[0] ?? '');
    const needed = type === 'SUCCESS' ? ['商户订单号', '交易状态', '订单金额'] : ['商户订单号', '商户退款单号', '退款金额', '退款状态'];
    const missing = needed.filter((name) => !header.includes(name));
    if (missing.length > 0) throw new Error(`WeChat Pay's ${type} bill for ${day} has no ${missing.join('/')} columns`);
    const rows = lines.slice(1);
    const summary = rows.findIndex((line) => line.startsWith('总交易单数'));
    return (summary < 0 ? rows : rows.slice(0, summary))
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const fields = csvFields(line).map((field) => field.replace(/^`/, ''));
        return { column: (name: string) => fields[header.indexOf(name)] };
      });
  }

  async verifyNotification({ headers, rawBody }: ProviderNotification): Promise<ProviderEvent> {
    const body = rawBody.toString('utf8');
    const problem = this.signatureProblem(headers, body);
    if (problem) throw CommerceErrors.webhookSignature(problem);
    let notification: { id?: unknown; event_type?: unknown; resource?: { ciphertext?: unknown; nonce?: unknown; associated_data?: unknown } };
    try {
      notification = JSON.parse(body);
    } catch {
      throw unreadable('body', 'body must be JSON');
    }
    const { id, event_type: eventType, resource } = notification;
    if (typeof id !== 'string' || typeof eventType !== 'string') throw unreadable('id', 'id and event_type are required');
    if (typeof resource?.ciphertext !== 'string' || typeof resource.nonce !== 'string') throw unreadable('resource', 'resource.ciphertext and resource.nonce are required');
    let plain: Transaction & RefundResource & ContractResource & TransferResource;
    try {
      plain = JSON.parse(
        decryptResource(this.settings.apiV3Key, {
          ciphertext: resource.ciphertext,
          nonce: resource.nonce,
          associated_data: typeof resource.associated_data === 'string' ? resource.associated_data : '',
        }),
      );
    } catch {
      throw unreadable('resource', 'resource does not decrypt with the APIv3 key');
    }
    if (eventType === 'ENTRUST.SIGN' || eventType === 'ENTRUST.TERMINATE') {
      // A contract names its merchant as mchid (a direct merchant) or sub_mchid (under a service provider).
      if ((plain.mchid ?? plain.sub_mchid) !== this.settings.mchId) throw unreadable('resource.mchid', 'mchid is not this merchant');
      return this.contractChanged(id, eventType, plain);
    }
    if (plain.mchid !== this.settings.mchId) throw unreadable('resource.mchid', 'mchid is not this merchant');
    if (eventType.startsWith('MCHTRANSFER.')) return this.transferEnded(id, eventType, plain);
    if (!plain.out_trade_no) throw unreadable('resource.out_trade_no', 'required');
    const paymentId = plain.out_trade_no;
    if (eventType === 'TRANSACTION.SUCCESS' && plain.trade_state === 'SUCCESS') {
      return { id, type: 'payment.succeeded', data: { paymentId, amountCents: plain.amount?.total, currency: plain.amount?.currency } };
    }
    // A deduction that could not be made (委托代扣支付结果: the balance was short, the contract ended).
    if (plain.trade_state === 'PAYERROR') return { id, type: 'payment.failed', data: { paymentId, reason: plain.trade_state_desc ?? 'PAYERROR' } };
    if (eventType === 'REFUND.SUCCESS' && plain.refund_status === 'SUCCESS' && plain.out_refund_no) {
      return { id, type: 'refund.succeeded', data: { paymentId, refundId: plain.out_refund_no, amountCents: plain.amount?.refund } };
    }
    return { id, type: `wechatpay.${eventType}`, data: { objectId: paymentId } };
  }

  /**
   * A merchant transfer reached its end. Its outcome goes to the inbox as the payout's outcome event
   * (`wechatpay-payout:<id>:paid|failed`), the same event reconciliation's query of the detail gives,
   * so a notification, its redeliveries and the query are applied once, in whichever order they come.
   * A transfer bill says its state (SUCCESS paid; FAIL, CANCELLED failed: nothing left the merchant's
   * account); a closed batch paid nothing; a finished batch's one detail is asked (its signed answer)
   * whether it was paid. Anything else (a state not final, a number not ours) is kept and acknowledged.
   */
  private async transferEnded(id: string, eventType: string, transfer: TransferResource): Promise<ProviderEvent> {
    const kept: ProviderEvent = { id, type: `wechatpay.${eventType}`, data: { objectId: transfer.out_bill_no ?? transfer.out_batch_no ?? id } };
    if (eventType === 'MCHTRANSFER.BILL.FINISHED') {
      const payoutId = payoutIdOfTransfer(transfer.out_bill_no);
      if (!payoutId) return kept;
      if (transfer.state) await this.bills.advance(payoutId, { transferBillNo: transfer.transfer_bill_no ?? null, state: transfer.state });
      if (transfer.state === 'SUCCESS') return payoutOutcome(this.name, payoutId, { paid: true });
      if (transfer.state === 'FAIL' || transfer.state === 'CANCELLED') {
        return payoutOutcome(this.name, payoutId, { paid: false, reason: transfer.fail_reason ?? transfer.state });
      }
      return kept;
    }
    const payoutId = payoutIdOfTransfer(transfer.out_batch_no);
    if (!payoutId || (eventType !== 'MCHTRANSFER.BATCH.FINISHED' && eventType !== 'MCHTRANSFER.BATCH.CLOSED')) return kept;
    if (eventType === 'MCHTRANSFER.BATCH.CLOSED' || transfer.batch_status === 'CLOSED') {
      return payoutOutcome(this.name, payoutId, { paid: false, reason: `batch closed${transfer.close_reason ? `: ${transfer.close_reason}` : ''}` });
    }
    const detail = await this.transferDetail(payoutId);
    return (detail && this.detailOutcome(payoutId, detail)) ?? kept;
  }

  /**
   * A member signed (ENTRUST.SIGN) or ended (ENTRUST.TERMINATE) their deduction contract: renewals
   * are deducted under it from now on, or no more. Kept in the inbox as an event about our contract
   * code, acted on no further.
   */
  private async contractChanged(id: string, eventType: string, contract: ContractResource): Promise<ProviderEvent> {
    if (!contract.out_contract_code || !contract.contract_id) throw unreadable('resource.out_contract_code', 'out_contract_code and contract_id are required');
    // Another deduction template's contract (another product of the merchant's) is not ours to act on.
    if (contract.plan_id !== undefined && contract.plan_id !== this.settings.papayPlanId) {
      return { id, type: `wechatpay.${eventType}`, data: { objectId: contract.out_contract_code } };
    }
    // A signing that says its contract is in another state than SIGNED signs nothing.
    if (eventType === 'ENTRUST.SIGN') {
      if ((contract.contract_state ?? 'SIGNED') === 'SIGNED') await this.contracts.savePaymentMethod(contract.out_contract_code, contract.contract_id);
    } else await this.contracts.endAgreement(contract.out_contract_code);
    return { id, type: `wechatpay.${eventType}`, data: { objectId: contract.out_contract_code } };
  }

  /** What is wrong with WeChat Pay's signature of a notification or an answer (over its exact body, made recently); null: nothing. */
  private signatureProblem(headers: ProviderNotification['headers'], body: string): 'malformed' | 'stale' | 'mismatch' | null {
    const timestamp = header(headers, 'wechatpay-timestamp');
    const nonce = header(headers, 'wechatpay-nonce');
    const signature = header(headers, 'wechatpay-signature');
    if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !nonce || !signature) return 'malformed';
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > this.settings.toleranceSeconds) return 'stale';
    // Signed with another key than the one configured (a rotation not followed, or a forger's).
    if (this.settings.platformKeyId !== null && header(headers, 'wechatpay-serial') !== this.settings.platformKeyId) return 'mismatch';
    try {
      const message = wechatPayMessage(timestamp, nonce, body);
      return createVerify('RSA-SHA256').update(message, 'utf8').verify(this.settings.platformPublicKey, signature, 'base64') ? null : 'mismatch';
    } catch {
      return 'mismatch';
    }
  }

  /** WECHATPAY2-SHA256-RSA2048: the merchant's signature over method, path, timestamp, nonce and body. */
  private authorization(method: string, path: string, body: string): string {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256').update(`${method}\n${path}\n${timestamp}\n${nonce}\n${body}\n`, 'utf8').sign(this.settings.privateKey, 'base64');
    return (
      `WECHATPAY2-SHA256-RSA2048 mchid="${this.settings.mchId}",nonce_str="${nonce}",signature="${signature}",` +
      `timestamp="${timestamp}",serial_no="${this.settings.certSerial}"`
    );
  }

  /** A bill file: asked for with a signed request; WeChat Pay does not sign the file (its SHA1, from the signed answer, vouches for it). */
  private async download(address: string): Promise<Buffer> {
    const target = new URL(address);
    const response = await fetch(target, {
      headers: { authorization: this.authorization('GET', `${target.pathname}${target.search}`, '') },
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`WeChat Pay's bill could not be downloaded: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** A signed API v3 call; its answer is trusted only if WeChat Pay signed it. Null for 404 (no such order). */
  private async call<T>(method: 'GET' | 'POST', path: string, payload?: object, extraHeaders: Record<string, string> = {}): Promise<T> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const response = await fetch(new URL(path, this.settings.apiUrl), {
      method,
      headers: {
        authorization: this.authorization(method, path, body),
        accept: 'application/json',
        ...(payload && { 'content-type': 'application/json' }),
        ...extraHeaders,
      },
      ...(payload && { body }),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    const answerHeaders = Object.fromEntries(response.headers.entries());
    const problem = this.signatureProblem(answerHeaders, text);
    if (problem) throw new Error(`WeChat Pay's answer to ${method} ${path} is not signed by WeChat Pay (${problem})`);
    if (response.status === 404) return null as T;
    if (!response.ok) throw new Error(`WeChat Pay refused ${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return (text === '' ? null : JSON.parse(text)) as T; // 204: accepted, nothing to say
  }
}

import { constants, createCipheriv, createHash, createSign, createVerify, generateKeyPairSync, type KeyObject, privateDecrypt, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const rsaSign = (message: string, key: KeyObject) => createSign('RSA-SHA256').update(message, 'utf8').sign(key, 'base64');
const alnum = (length: number) => randomBytes(length).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, length);

export interface FakeWechatOrder {
  outTradeNo: string;
  total: number;
  codeUrl: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'PAYERROR';
  transactionId: string;
}

/**
 * A local stand-in for WeChat Pay API v3: it checks each request's WECHATPAY2-SHA256-RSA2048
 * signature with the merchant's public key, answers Native orders, queries and refunds as WeChat
 * Pay documents with signed answers, and builds notifications as WeChat Pay sends them: the
 * resource encrypted with the APIv3 key (AEAD_AES_256_GCM), the whole signed with its private key.
 */
export class FakeWechatPay {
  readonly mchId = '1900000109';
  readonly appId = 'wxd678efh567hg6787';
  readonly apiV3Key = alnum(32);
  readonly certSerial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
  readonly platformKeyId = `PUB_KEY_ID_${randomBytes(8).toString('hex')}`;
  readonly platformKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly merchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly orders = new Map<string, FakeWechatOrder>();
  readonly calls: { method: string; path: string; body: Record<string, unknown> | null; headers: Record<string, string | string[] | undefined> }[] = [];
  readonly papayPlanId = 12535;
  /** Deduction contracts (委托代扣协议) by our out_contract_code. */
  readonly contracts = new Map<string, { contractId: string; state: 'SIGNED' | 'TERMINATED' }>();
  /** Merchant transfers (商家转账) by out_batch_no, each of one detail; tests decide their status. */
  readonly transfers = new Map<string, { openid: string; amount: number; userName: string | null; detailStatus: 'PROCESSING' | 'SUCCESS' | 'FAIL'; failReason?: string }>();
  /**
   * Transfer bills (商家转账) by out_bill_no: made WAIT_USER_CONFIRM with a package_info for the payee's
   * WeChat client; tests move their state (the payee confirms, WeChat Pay cancels an unconfirmed one).
   */
  readonly bills = new Map<
    string,
    { openid: string; amount: number; userName: string | null; state: string; failReason?: string; packageInfo: string; transferBillNo: string; body: Record<string, unknown> }
  >();
  /** Refunds WeChat Pay made, by our out_refund_no (listed in the REFUND bill). */
  readonly refunds = new Map<string, { outTradeNo: string; amount: number; status: 'SUCCESS' | 'PROCESSING' }>();
  /** The next deduction fails (the member's balance is short). */
  declineNextDeduction = false;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeWechatPay> {
    let fake: FakeWechatPay | null = null;
    const server = createServer((request, response) => void fake!.handle(request, response));
    fake = new FakeWechatPay(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  env(): Record<string, string> {
    return {
      PAYMENT_PROVIDER: 'wechatpay',
      WECHATPAY_MCH_ID: this.mchId,
      WECHATPAY_APP_ID: this.appId,
      WECHATPAY_API_V3_KEY: this.apiV3Key,
      WECHATPAY_PRIVATE_KEY: this.merchantKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      WECHATPAY_CERT_SERIAL: this.certSerial,
      WECHATPAY_PUBLIC_KEY: this.platformKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      WECHATPAY_PUBLIC_KEY_ID: this.platformKeyId,
      WECHATPAY_API_URL: this.url,
      WECHATPAY_NOTIFY_URL: 'https://zhiku.example/api/v1/webhooks/payments/wechatpay',
      WECHATPAY_PAPAY_PLAN_ID: String(this.papayPlanId),
      WECHATPAY_TRANSFER_API: 'bills',
    };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The buyer scanned and paid. */
  pay(outTradeNo: string): FakeWechatOrder {
    const order = this.orders.get(outTradeNo)!;
    order.state = 'SUCCESS';
    return order;
  }

  /** AEAD_AES_256_GCM with the APIv3 key (or another, for a forger), as WeChat Pay encrypts a resource. */
  encrypt(plain: object, associatedData: string, key = this.apiV3Key) {
    const nonce = alnum(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const encrypted = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypted.toString('base64'), associated_data: associatedData, nonce };
  }

  /** A transaction as WeChat Pay describes it (a notification's resource, or a query's answer). */
  transaction(outTradeNo: string, total: number, state = 'SUCCESS', mchid = this.mchId) {
    return {
      appid: this.appId,
      mchid,
      out_trade_no: outTradeNo,
      transaction_id: this.orders.get(outTradeNo)?.transactionId ?? `4200001${randomBytes(8).toString('hex')}`,
      trade_type: 'NATIVE',
      trade_state: state,
      trade_state_desc: state === 'SUCCESS' ? '支付成功' : '未支付',
      bank_type: 'OTHERS',
      success_time: '2026-11-28T16:00:00+08:00',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  /** A notification: its JSON body and the Wechatpay-* headers, signed with WeChat Pay's key unless a test forges it. */
  notification(
    eventType: string,
    resource: object,
    options: { key?: KeyObject; timestamp?: number; serial?: string; apiV3Key?: string; associatedData?: string; originalType?: string } = {},
  ) {
    const body = JSON.stringify({
      id: `EV-${randomBytes(10).toString('hex')}`,
      create_time: '2026-11-28T16:00:01+08:00',
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType === 'REFUND.SUCCESS' ? '退款成功' : '支付成功',
      resource: {
        original_type: options.originalType ?? (eventType.startsWith('REFUND') ? 'refund' : 'transaction'),
        ...this.encrypt(resource, options.associatedData ?? 'transaction', options.apiV3Key),
      },
    });
    return { body, headers: this.signedHeaders(body, options) };
  }

  /** The member signed (or ended) a deduction contract: ENTRUST.SIGN / ENTRUST.TERMINATE as WeChat Pay notifies it. */
  contractNotification(
    outContractCode: string,
    eventType: 'ENTRUST.SIGN' | 'ENTRUST.TERMINATE' = 'ENTRUST.SIGN',
    options: { key?: KeyObject; resource?: Record<string, unknown>; without?: string[] } = {},
  ) {
    const contract = this.contracts.get(outContractCode) ?? { contractId: `Wx${randomBytes(13).toString('hex')}`, state: 'SIGNED' as const };
    if (!options.key) this.contracts.set(outContractCode, { ...contract, state: eventType === 'ENTRUST.SIGN' ? 'SIGNED' : 'TERMINATED' });
    const resource = {
      mchid: this.mchId,
      appid: this.appId,
      out_contract_code: outContractCode,
      plan_id: this.papayPlanId,
      contract_id: contract.contractId,
      contract_state: eventType === 'ENTRUST.SIGN' ? 'SIGNED' : 'TERMINATED',
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      operate_time: '2026-11-28T16:00:00+08:00',
      contract_signed_time: '2026-11-28T16:00:00+08:00',
      contract_display_account: '创作者月卡',
      ...options.resource,
    };
    for (const field of options.without ?? []) delete (resource as Record<string, unknown>)[field];
    return { contract, ...this.notification(eventType, resource, { key: options.key, associatedData: 'papay' }) };
  }

  /**
   * A merchant transfer's end as WeChat Pay notifies it (original_type and associated_data mch_payment):
   * a batch's (MCHTRANSFER.BATCH.FINISHED / .CLOSED: out_batch_no, batch_status, close_reason) or a
   * transfer bill's (MCHTRANSFER.BILL.FINISHED: out_bill_no, transfer_bill_no, state, fail_reason).
   */
  transferNotification(eventType: 'MCHTRANSFER.BATCH.FINISHED' | 'MCHTRANSFER.BATCH.CLOSED' | 'MCHTRANSFER.BILL.FINISHED', number: string, fields: Record<string, unknown> = {}) {
    const made = this.transfers.get(number) ?? this.bills.get(number);
    const resource = eventType === 'MCHTRANSFER.BILL.FINISHED'
      ? { mchid: this.mchId, out_bill_no: number, transfer_bill_no: `1330000071100999991182020050700019480001`, state: 'SUCCESS', transfer_amount: made?.amount ?? 0, openid: made?.openid, create_time: '2026-11-28T16:00:00.120+08:00', update_time: '2026-11-28T16:00:05.120+08:00', ...fields }
      : {
          mchid: this.mchId,
          out_batch_no: number,
          batch_id: '1030000071100999991182020050700019480001',
          batch_status: eventType === 'MCHTRANSFER.BATCH.CLOSED' ? 'CLOSED' : 'FINISHED',
          total_num: 1,
          total_amount: made?.amount ?? 0,
          update_time: '2026-11-28T16:00:05+08:00',
          ...fields,
        };
    return this.notification(eventType, resource, { associatedData: 'mch_payment', originalType: 'mch_payment' });
  }

  /** The Wechatpay-* headers of a body WeChat Pay signs (or a forger, with `key`). */
  signedHeaders(body: string, options: { key?: KeyObject; timestamp?: number; serial?: string } = {}): Record<string, string> {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = alnum(32);
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': rsaSign(`${timestamp}\n${nonce}\n${body}\n`, options.key ?? this.platformKeys.privateKey),
      'wechatpay-serial': options.serial ?? this.platformKeyId,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    };
  }

  /**
   * The day's trade bill as WeChat Pay writes it: a header, one row per paid order (bill_type SUCCESS)
   * or per refund (bill_type REFUND: 交易状态 REFUND, 商户退款单号, 退款金额, 退款状态), every value behind a
   * backtick, then the summary.
   */
  tradeBill(day: string, type = 'SUCCESS'): string {
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    const row = (values: string[]) => values.map((value) => `\`${value}`).join(',');
    const rows =
      type === 'REFUND'
        ? [...this.refunds.entries()].map(([outRefundNo, refund]) => {
            const order = this.orders.get(refund.outTradeNo);
            const total = yuan(order?.total ?? refund.amount);
            return row([`${day} 11:00:05`, this.appId, this.mchId, '0', '', order?.transactionId ?? '4200001', refund.outTradeNo, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'NATIVE', 'REFUND', 'OTHERS', 'CNY', '0.00', '0.00', `50000${outRefundNo.slice(0, 8)}`, outRefundNo, yuan(refund.amount), '0.00', 'ORIGINAL', refund.status, '知库 课程', '', '0.00000', '0.60%', total, yuan(refund.amount), '']);
          })
        : [...this.orders.values()]
            .filter((order) => order.state === 'SUCCESS')
            .map((order) => {
              const total = yuan(order.total);
              return row([`${day} 10:00:05`, this.appId, this.mchId, '0', '', order.transactionId, order.outTradeNo, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'NATIVE', 'SUCCESS', 'OTHERS', 'CNY', total, '0.00', '0', '0', '0.00', '0.00', '', '', '知库 课程', '', '0.00000', '0.60%', total, '0.00', '']);
            });
    return [
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
      ...rows,
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      `\`${rows.length},\`0.00,\`0.00,\`0.00,\`0.00000,\`0.00,\`0.00`,
    ].join('\r\n');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const answer = (status: number, body: object) => {
      const json = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json', ...this.signedHeaders(json) });
      response.end(json);
    };
    const auth = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const fields = Object.fromEntries([...auth.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    const message = `${request.method}\n${request.url}\n${fields.timestamp}\n${fields.nonce_str}\n${text}\n`;
    const signed =
      fields.mchid === this.mchId &&
      fields.serial_no === this.certSerial &&
      !!fields.signature &&
      createVerify('RSA-SHA256').update(message, 'utf8').verify(this.merchantKeys.publicKey, fields.signature, 'base64');
    if (!signed) return answer(401, { code: 'SIGN_ERROR', message: '签名错误' });
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    const url = new URL(request.url!, 'http://wechatpay.local');
    this.calls.push({ method: request.method!, path: url.pathname, body, headers: request.headers });
    if (request.method === 'POST' && url.pathname === '/v3/pay/transactions/native') {
      const outTradeNo = String(body!.out_trade_no);
      const existing = this.orders.get(outTradeNo);
      const order = existing ?? {
        outTradeNo,
        total: (body!.amount as { total: number }).total,
        codeUrl: `weixin://wxpay/bizpayurl?pr=${alnum(7)}`,
        state: 'NOTPAY' as const,
        transactionId: `4200001${randomBytes(8).toString('hex')}`,
      };
      this.orders.set(outTradeNo, order);
      return answer(200, { code_url: order.codeUrl });
    }
    if (request.method === 'GET' && url.pathname === '/v3/bill/tradebill') {
      const day = url.searchParams.get('bill_date')!;
      const type = url.searchParams.get('bill_type') ?? 'ALL';
      return answer(200, {
        hash_type: 'SHA1',
        hash_value: createHash('sha1').update(this.tradeBill(day, type)).digest('hex'),
        download_url: `${this.url}/v3/billdownload/file?token=${Buffer.from(`${day}|${type}`).toString('hex')}&tartype=gzip`,
      });
    }
    if (request.method === 'GET' && url.pathname === '/v3/billdownload/file') {
      const [day, type] = Buffer.from(url.searchParams.get('token')!, 'hex').toString('utf8').split('|');
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void response.end(gzipSync(this.tradeBill(day!, type)));
    }
    if (request.method === 'POST' && url.pathname === '/v3/papay/sign/contracts/pre-entrust-sign') {
      const preEntrustwebId = alnum(29);
      return answer(200, { pre_entrustweb_id: preEntrustwebId, redirect_url: `https://wechatpay.local/papay/entrustweb?pre_entrustweb_id=${preEntrustwebId}` });
    }
    if (request.method === 'POST' && url.pathname === '/v3/papay/pay/transactions/apply') {
      const contract = [...this.contracts.values()].find((each) => each.contractId === body!.contract_id);
      if (contract?.state !== 'SIGNED') return answer(403, { code: 'CONTRACT_NOT_EXIST', message: '委托代扣协议不存在' });
      const outTradeNo = String(body!.out_trade_no);
      if (!this.orders.has(outTradeNo)) {
        this.orders.set(outTradeNo, {
          outTradeNo,
          total: (body!.amount as { total: number }).total,
          codeUrl: '',
          state: this.declineNextDeduction ? 'PAYERROR' : 'SUCCESS',
          transactionId: `4200001${randomBytes(8).toString('hex')}`,
        });
        this.declineNextDeduction = false;
      }
      response.writeHead(204, this.signedHeaders('')).end();
      return;
    }
    if (request.method === 'POST' && url.pathname === '/v3/transfer/batches') {
      const outBatchNo = String(body!.out_batch_no);
      if (this.transfers.has(outBatchNo)) return answer(400, { code: 'INVALID_REQUEST', message: '商家批次单号已存在' });
      const [detail] = body!.transfer_detail_list as { openid: string; transfer_amount: number; user_name?: string }[];
      // 收款用户姓名: required from 2,000 yuan, encrypted with our platform key (RSA-OAEP, SHA-1), the request naming that key.
      let userName: string | null = null;
      if (detail!.user_name !== undefined) {
        if (request.headers['wechatpay-serial'] !== this.platformKeyId) return answer(400, { code: 'PARAM_ERROR', message: 'Wechatpay-Serial 与平台公钥不匹配' });
        try {
          userName = privateDecrypt({ key: this.platformKeys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(detail!.user_name, 'base64')).toString('utf8');
        } catch {
          return answer(400, { code: 'PARAM_ERROR', message: '敏感信息解密失败' });
        }
      } else if (detail!.transfer_amount >= 200_000) return answer(400, { code: 'PARAM_ERROR', message: '转账金额>=2000元，收款用户姓名必填' });
      this.transfers.set(outBatchNo, { openid: detail!.openid, amount: detail!.transfer_amount, userName, detailStatus: 'PROCESSING' });
      return answer(200, { out_batch_no: outBatchNo, batch_id: `1030000071100999991182020050700019480001`, create_time: '2026-11-28T16:00:00+08:00', batch_status: 'ACCEPTED' });
    }
    if (request.method === 'POST' && url.pathname === '/v3/fund-app/mch-transfer/transfer-bills') {
      const outBillNo = String(body!.out_bill_no);
      const made = this.bills.get(outBillNo);
      if (made) return answer(400, { code: 'INVALID_REQUEST', message: '商户单号重复' });
      const missing = ['appid', 'out_bill_no', 'transfer_scene_id', 'openid', 'transfer_amount', 'transfer_remark', 'transfer_scene_report_infos'].filter((field) => body![field] === undefined);
      if (missing.length > 0) return answer(400, { code: 'PARAM_ERROR', message: `缺少参数 ${missing.join(',')}` });
      let userName: string | null = null;
      if (body!.user_name !== undefined) {
        if (request.headers['wechatpay-serial'] !== this.platformKeyId) return answer(400, { code: 'PARAM_ERROR', message: 'Wechatpay-Serial 与平台公钥不匹配' });
        try {
          userName = privateDecrypt({ key: this.platformKeys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(String(body!.user_name), 'base64')).toString('utf8');
        } catch {
          return answer(400, { code: 'PARAM_ERROR', message: '敏感信息解密失败' });
        }
      } else if (Number(body!.transfer_amount) >= 200_000) return answer(400, { code: 'PARAM_ERROR', message: '转账金额>=2000元，收款用户姓名必填' });
      const bill = {
        openid: String(body!.openid),
        amount: Number(body!.transfer_amount),
        userName,
        state: 'WAIT_USER_CONFIRM',
        packageInfo: `ABBQO+oYAAABAAAAAAC${alnum(40)}`,
        transferBillNo: `1330000071100999991182020050700019480${alnum(3)}`,
        body: body!,
      };
      this.bills.set(outBillNo, bill);
      return answer(200, { out_bill_no: outBillNo, transfer_bill_no: bill.transferBillNo, create_time: '2026-11-28T16:00:00+08:00', state: bill.state, package_info: bill.packageInfo });
    }
    const billPath = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/(\w+)(\/cancel)?$/.exec(url.pathname);
    if (billPath) {
      const bill = this.bills.get(billPath[1]!);
      if (!bill) return answer(404, { code: 'NOT_FOUND', message: '记录不存在' });
      if (request.method === 'POST' && billPath[2]) {
        if (['SUCCESS', 'FAIL', 'CANCELLED'].includes(bill.state)) return answer(400, { code: 'INVALID_REQUEST', message: '单据已是终态' });
        bill.state = 'CANCELLED';
        return answer(200, { out_bill_no: billPath[1], transfer_bill_no: bill.transferBillNo, state: 'CANCELING', update_time: '2026-11-28T16:00:05+08:00' });
      }
      if (request.method === 'GET' && !billPath[2]) {
        return answer(200, {
          mch_id: this.mchId,
          out_bill_no: billPath[1],
          transfer_bill_no: bill.transferBillNo,
          appid: this.appId,
          state: bill.state,
          transfer_amount: bill.amount,
          transfer_remark: bill.body.transfer_remark,
          ...(bill.failReason && { fail_reason: bill.failReason }),
          openid: bill.openid,
          create_time: '2026-11-28T16:00:00+08:00',
          update_time: '2026-11-28T16:00:05+08:00',
        });
      }
    }
    const detailPath = /^\/v3\/transfer\/batches\/out-batch-no\/(\w+)\/details\/out-detail-no\/(\w+)$/.exec(url.pathname);
    if (request.method === 'GET' && detailPath) {
      const made = this.transfers.get(detailPath[1]!);
      if (!made || detailPath[2] !== detailPath[1]) return answer(404, { code: 'NOT_FOUND', message: '记录不存在' });
      return answer(200, {
        mchid: this.mchId,
        out_batch_no: detailPath[1],
        batch_id: '1030000071100999991182020050700019480001',
        appid: this.appId,
        out_detail_no: detailPath[2],
        detail_id: '1040000071100999991182020050700019500100',
        detail_status: made.detailStatus,
        transfer_amount: made.amount,
        transfer_remark: 'Zhiku creator earnings',
        ...(made.failReason && { fail_reason: made.failReason }),
        openid: made.openid,
        initiate_time: '2026-11-28T16:00:00+08:00',
        update_time: '2026-11-28T16:00:05+08:00',
      });
    }
    const queried = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && queried) {
      const order = this.orders.get(decodeURIComponent(queried[1]!));
      if (!order) return answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      return answer(200, this.transaction(order.outTradeNo, order.total, order.state));
    }
    if (request.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      const amount = body!.amount as { refund: number; total: number };
      if (!this.refunds.has(String(body!.out_refund_no))) this.refunds.set(String(body!.out_refund_no), { outTradeNo: String(body!.out_trade_no), amount: amount.refund, status: 'SUCCESS' });
      return answer(200, {
        refund_id: `50000000382019052709732678859${randomBytes(2).toString('hex')}`,
        out_refund_no: body!.out_refund_no,
        out_trade_no: body!.out_trade_no,
        channel: 'ORIGINAL',
        status: 'PROCESSING',
        amount: { total: amount.total, refund: amount.refund, payer_total: amount.total, payer_refund: amount.refund, currency: 'CNY' },
      });
    }
    answer(404, { code: 'NOT_FOUND', message: `${request.method} ${url.pathname}` });
  }
}

import { createSign, createVerify, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync } from 'node:zlib';

/** GBK, as Alipay's bills are written: each character's code found by decoding the two-byte range once. */
const gbkCodes = new Map<string, Buffer>();
const gbk = (text: string): Buffer => {
  if (gbkCodes.size === 0) {
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) gbkCodes.set(decoder.decode(Buffer.from([lead, trail])), Buffer.from([lead, trail]));
    }
  }
  return Buffer.concat([...text].map((char) => (char.charCodeAt(0) < 0x80 ? Buffer.from(char) : gbkCodes.get(char)!)));
};

/** A zip archive of these files (deflated), as Alipay's bill download is. */
function zip(files: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = deflateRawSync(content);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // names in UTF-8
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(content.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Alipay's text to sign: the parameters but sign and sign_type (and empty ones), sorted, `k=v` joined by `&`. */
const signContent = (params: Record<string, string>) =>
  Object.keys(params)
    .filter((key) => key !== 'sign' && key !== 'sign_type' && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
const rsa2 = (content: string, key: KeyObject) => createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');

export interface FakeTrade {
  outTradeNo: string;
  tradeNo: string;
  totalAmount: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  refunds: Map<string, string>;
}

/**
 * A local stand-in for Alipay's OpenAPI gateway: it checks each request's RSA2 signature with the
 * merchant's public key, answers alipay.trade.query and alipay.trade.refund in Alipay's documented
 * JSON signed with "Alipay's" private key, and signs asynchronous notifications the same way.
 */
export class FakeAlipay {
  readonly appId = '2021000000000001';
  readonly trades = new Map<string, FakeTrade>();
  readonly calls: { method: string; bizContent: Record<string, string> }[] = [];
  /** Cycle-deduction agreements members signed, by our external_agreement_no. */
  readonly agreements = new Map<string, { agreementNo: string; status: 'NORMAL' | 'UNSIGN' }>();
  /** Alipay accounts that exist (payees of transfers), and the transfers made, by out_biz_no. */
  readonly payees = new Set<string>();
  readonly transfers = new Map<string, { identity: string; amount: string; status: 'SUCCESS' | 'DEALING' }>();
  /** The status a new transfer gets: SUCCESS at once, or DEALING (decided later). */
  transferStatus: 'SUCCESS' | 'DEALING' = 'SUCCESS';
  /** The next agreement deduction finds the member's balance short. */
  declineNextDeduction = false;
  /** Alipay's key pair (it signs) and the merchant's (Zhiku signs with the private half, set in its env). */
  readonly alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly merchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeAlipay> {
    let fake: FakeAlipay | null = null;
    const server = createServer((request, response) => void fake!.handle(request, response));
    fake = new FakeAlipay(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/gateway.do`;
  }

  /** Keys as Alipay's console hands them out: Alipay's public key as bare base64, ours as PEM with escaped newlines. */
  env(): Record<string, string> {
    return {
      PAYMENT_PROVIDER: 'alipay',
      ALIPAY_APP_ID: this.appId,
      ALIPAY_PRIVATE_KEY: this.merchantKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
      ALIPAY_PUBLIC_KEY: this.alipayKeys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      ALIPAY_GATEWAY_URL: this.gatewayUrl,
    };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Did the merchant sign these parameters (a request, or the cashier link)? */
  signedByMerchant(params: Record<string, string>): boolean {
    return createVerify('RSA-SHA256').update(signContent(params), 'utf8').verify(this.merchantKeys.publicKey, params.sign!, 'base64');
  }

  /** The buyer paid on the cashier page. */
  pay(outTradeNo: string, totalAmount: string): FakeTrade {
    const trade: FakeTrade = { outTradeNo, tradeNo: `2026${randomBytes(10).toString('hex')}`, totalAmount, status: 'TRADE_SUCCESS', refunds: new Map() };
    this.trades.set(outTradeNo, trade);
    return trade;
  }

  /** An asynchronous notification as Alipay posts it (form body), signed with `key` (Alipay's unless a test forges it). */
  notification(fields: Record<string, string>, key: KeyObject = this.alipayKeys.privateKey): { params: Record<string, string>; body: string } {
    const params: Record<string, string> = {
      notify_time: '2026-11-28 16:00:00',
      notify_type: 'trade_status_sync',
      notify_id: `ac05099524730693a8b330c5ecf72da${randomBytes(6).toString('hex')}`,
      app_id: this.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: `2026${randomBytes(10).toString('hex')}`,
      buyer_id: '2088102122524333',
      subject: '知库 课程',
      gmt_payment: '2026-11-28 15:59:58',
      ...fields,
    };
    params.sign = rsa2(signContent(params), key);
    return { params, body: new URLSearchParams(params).toString() };
  }

  /** The member agreed on the cashier page: Alipay's dut_user_sign notification (or dut_user_unsign when they end it). */
  agreementNotification(externalAgreementNo: string, type: 'dut_user_sign' | 'dut_user_unsign' = 'dut_user_sign', key: KeyObject = this.alipayKeys.privateKey) {
    const agreement = this.agreements.get(externalAgreementNo) ?? { agreementNo: `2026${randomBytes(8).toString('hex')}`, status: 'NORMAL' as const };
    if (key === this.alipayKeys.privateKey) this.agreements.set(externalAgreementNo, { ...agreement, status: type === 'dut_user_sign' ? 'NORMAL' : 'UNSIGN' });
    const params: Record<string, string> = {
      notify_time: '2026-11-28 16:00:00',
      notify_type: type,
      notify_id: `ac05099524730693a8b330c5ecf72da${randomBytes(6).toString('hex')}`,
      app_id: this.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      agreement_no: agreement.agreementNo,
      external_agreement_no: externalAgreementNo,
      alipay_user_id: '2088101122675263',
      alipay_logon_id: '159****5620',
      personal_product_code: 'CYCLE_PAY_AUTH_P',
      sign_scene: 'INDUSTRY|DIGITAL_MEDIA',
      sign_time: '2026-11-28 15:59:58',
      valid_time: '2026-11-28 15:59:58',
      invalid_time: '2115-02-01 00:00:00',
      status: type === 'dut_user_sign' ? 'NORMAL' : 'UNSIGN',
      ...(type === 'dut_user_unsign' && { unsign_time: '2026-11-28 16:30:00' }),
    };
    params.sign = rsa2(signContent(params), key);
    return { params, body: new URLSearchParams(params).toString() };
  }

  /** The day's trade bill as Alipay zips it: a detail CSV (GBK, `#` notes around a header and one row per trade or refund) and a summary. */
  billArchive(day: string): Buffer {
    const rows = [...this.trades.values()].flatMap((trade) => [
      ...(trade.status === 'TRADE_SUCCESS'
        ? [`${trade.tradeNo}\t,${trade.outTradeNo}\t,交易,知库 课程,${day} 10:00:00,${day} 10:00:05,,,,,159****5620,${trade.totalAmount},${trade.totalAmount},0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,0.00,0.00,`]
        : []),
      // Each refund: its amount negative, our out_request_no in 退款批次号/请求号.
      ...[...trade.refunds].map(
        ([requestNo, amount]) =>
          `${trade.tradeNo}\t,${trade.outTradeNo}\t,退款,知库 课程,${day} 11:00:00,${day} 11:00:05,,,,,159****5620,-${amount},-${amount},0.00,0.00,0.00,0.00,0.00,,0.00,0.00,${requestNo}\t,0.00,0.00,`,
      ),
    ]);
    const detail = [
      '#支付宝业务明细查询',
      `#账号：[20881021234567890156]`,
      `#起始日期：[${day} 00:00:00]   终止日期：[${day} 23:59:59]`,
      '#-----------------------------------------业务明细列表----------------------------------------',
      '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
      ...rows,
      '#-----------------------------------------业务明细列表结束------------------------------------',
      `#交易合计：${rows.length}笔`,
    ].join('\r\n');
    const compact = day.replace(/-/g, '');
    return zip({
      [`20881021234567890156_${compact}_业务明细.csv`]: gbk(detail),
      [`20881021234567890156_${compact}_业务明细(汇总).csv`]: gbk('#支付宝业务汇总查询\r\n'),
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const bill = /^\/bills\/(\d{4}-\d{2}-\d{2})\.zip$/.exec(request.url ?? '');
    if (request.method === 'GET' && bill) {
      response.writeHead(200, { 'content-type': 'application/oct-stream' });
      return void response.end(this.billArchive(bill[1]!));
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const node = `${(params.method ?? 'unknown').replace(/\./g, '_')}_response`;
    const answer = (body: Record<string, unknown>) => {
      const json = JSON.stringify(body);
      response.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
      response.end(`{"${node}":${json},"sign":"${rsa2(json, this.alipayKeys.privateKey)}"}`);
    };
    if (params.app_id !== this.appId || !params.sign || !this.signedByMerchant(params)) {
      return answer({ code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错' });
    }
    const bizContent = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    this.calls.push({ method: params.method!, bizContent });
    if (params.method === 'alipay.trade.pay') return answer(this.deduct(bizContent));
    if (params.method === 'alipay.data.dataservice.bill.downloadurl.query') {
      const base = this.gatewayUrl.replace(/\/gateway\.do$/, '');
      return answer({ code: '10000', msg: 'Success', bill_download_url: `${base}/bills/${bizContent.bill_date}.zip` });
    }
    if (params.method === 'alipay.fund.trans.uni.transfer') return answer(this.transfer(bizContent));
    if (params.method === 'alipay.fund.trans.common.query') {
      const made = this.transfers.get(String(bizContent.out_biz_no));
      if (!made) return answer({ code: '40004', msg: 'Business Failed', sub_code: 'ORDER_NOT_EXIST', sub_msg: '转账订单不存在' });
      return answer({ code: '10000', msg: 'Success', out_biz_no: bizContent.out_biz_no, order_id: '20190801110070000006380000250621', status: made.status, trans_amount: made.amount });
    }
    const trade = this.trades.get(bizContent.out_trade_no!);
    if (!trade) return answer({ code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' });
    const common = { code: '10000', msg: 'Success', trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, buyer_logon_id: '159****5620' };
    if (params.method === 'alipay.trade.query') return answer({ ...common, trade_status: trade.status, total_amount: trade.totalAmount });
    if (params.method === 'alipay.trade.refund') {
      const fresh = !trade.refunds.has(bizContent.out_request_no!);
      trade.refunds.set(bizContent.out_request_no!, bizContent.refund_amount!);
      const refunded = [...trade.refunds.values()].reduce((sum, amount) => sum + Number(amount), 0);
      return answer({ ...common, fund_change: fresh ? 'Y' : 'N', refund_fee: refunded.toFixed(2) });
    }
    answer({ code: '40004', msg: 'Business Failed', sub_code: 'ACQ.METHOD_NOT_SUPPORTED', sub_msg: params.method });
  }

  /** alipay.fund.trans.uni.transfer: once per out_biz_no; a payee Alipay does not know is refused. */
  private transfer(bizContent: Record<string, unknown>): Record<string, unknown> {
    const outBizNo = String(bizContent.out_biz_no);
    const payee = bizContent.payee_info as { identity: string; identity_type: string; name?: string };
    if (!this.payees.has(payee.identity)) return { code: '40004', msg: 'Business Failed', sub_code: 'PAYEE_NOT_EXIST', sub_msg: '收款账号不存在' };
    const made = this.transfers.get(outBizNo) ?? { identity: payee.identity, amount: String(bizContent.trans_amount), status: this.transferStatus };
    this.transfers.set(outBizNo, made);
    return { code: '10000', msg: 'Success', out_biz_no: outBizNo, order_id: '20190801110070000006380000250621', pay_fund_order_id: '20190801110070001506380000251556', status: made.status, trans_date: '2026-11-28 16:00:00' };
  }

  /** alipay.trade.pay under a cycle-deduction agreement (agreement_params.agreement_no), answered synchronously. */
  private deduct(bizContent: Record<string, unknown>): Record<string, unknown> {
    const refused = (subCode: string, subMsg: string) => ({ code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg });
    const outTradeNo = String(bizContent.out_trade_no);
    if (this.trades.get(outTradeNo)?.status === 'TRADE_SUCCESS') return refused('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
    const agreementNo = (bizContent.agreement_params as { agreement_no?: string } | undefined)?.agreement_no;
    const agreement = [...this.agreements.values()].find((each) => each.agreementNo === agreementNo);
    if (bizContent.product_code !== 'CYCLE_PAY_AUTH' || agreement?.status !== 'NORMAL') return refused('ACQ.AGREEMENT_NOT_EXIST', '用户协议不存在');
    if (this.declineNextDeduction) {
      this.declineNextDeduction = false;
      return refused('ACQ.BUYER_BALANCE_NOT_ENOUGH', '买家余额不足');
    }
    const trade = this.pay(outTradeNo, String(bizContent.total_amount));
    return { code: '10000', msg: 'Success', trade_no: trade.tradeNo, out_trade_no: outTradeNo, buyer_logon_id: '159****5620', total_amount: trade.totalAmount, receipt_amount: trade.totalAmount, gmt_payment: '2026-11-28 16:00:00' };
  }
}

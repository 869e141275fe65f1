import { randomUUID } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receipt, ReceiptPdf } from '#commerce';
import { PdfWriter } from '#platform';
import { deliverWebhook, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

const TITLE = '深度学习入门：从感知机到 Transformer';

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('receipts of paid orders', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let buyer: TestUser;
  let finance: TestUser;
  let paid: { id: string; payment: { id: string } };
  beforeAll(async () => {
    app = await TestApp.start();
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
    buyer = await app.user('小明');
    const course = await publishContent(app, creator, moderatorToken, { priceCents: 9900, title: TITLE });
    const article = await publishContent(app, creator, moderatorToken, { priceCents: 4550, title: 'Rust in Practice' });
    expect((await app.request('POST', '/api/v1/coupons', { token: creator.token, body: { code: 'SPRING', percentOff: 10, appliesTo: 'items', contentIds: [course] } })).status).toBe(201);
    const placed = await app.request('POST', '/api/v1/orders', {
      token: buyer.token,
      body: { contentIds: [course, article], couponCode: 'SPRING' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(placed.status).toBe(201);
    paid = placed.body;
    expect((await deliverWebhook(app, { paymentId: paid.payment.id, amountCents: 8910 + 4550 })).status).toBe(200);
  });
  afterAll(async () => {
    await app.close();
  });

  const receipt = (orderId: string, token?: string, query = '', headers: Record<string, string> = {}) =>
    app.request('GET', `/api/v1/me/orders/${orderId}/receipt${query}`, { token, headers });

  it('gives the buyer each item at list price, discount and price paid, the total, the payment, and the net, in fen and as ¥', async () => {
    const response = await receipt(paid.id, buyer.token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const body = response.body as Receipt;
    expect(body).toMatchObject({
      orderId: paid.id,
      orderNumber: expect.stringMatching(new RegExp(`^ZK-\\d{8}-${paid.id.slice(0, 8).toUpperCase()}$`)),
      status: 'paid',
      buyer: { id: buyer.id, displayName: '小明', email: buyer.email },
      currency: 'CNY',
      items: [
        { title: TITLE, listPriceCents: 9900, listPrice: '¥99.00', discountCents: 990, discount: '¥9.90', paidCents: 8910, paid: '¥89.10' },
        { title: 'Rust in Practice', listPriceCents: 4550, listPrice: '¥45.50', discountCents: 0, discount: '¥0.00', paidCents: 4550, paid: '¥45.50' },
      ],
      coupon: { code: 'SPRING', discountCents: 990, discount: '¥9.90' },
      bundle: null,
      totalCents: 13_460,
      total: '¥134.60',
      payment: { provider: 'sandbox', paymentId: paid.payment.id },
      refunds: [],
      refundedCents: 0,
      netCents: 13_460,
      net: '¥134.60',
    });
    expect(body.paidAt).not.toBeNull();
    expect(Object.values(body).includes(undefined)).toBe(false);
  });

  it('shows refunds so far and the net after them', async () => {
    const asked = await app.request('POST', `/api/v1/me/orders/${paid.id}/refunds`, {
      token: buyer.token,
      body: { amountCents: 1234, reason: 'one lesson was missing' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(asked.status).toBe(201);
    expect((await app.request('POST', `/api/v1/admin/finance/refunds/${asked.body.refundId}/approve`, { token: finance.token, body: {} })).status).toBe(200);
    await deliverWebhook(app, { type: 'refund.succeeded', paymentId: paid.payment.id, refundId: asked.body.refundId, amountCents: 1234 });

    const body = (await receipt(paid.id, buyer.token)).body as Receipt;
    expect(body).toMatchObject({
      status: 'partially_refunded',
      refunds: [{ refundId: asked.body.refundId, refundedCents: 1234, refunded: '¥12.34', refundedAt: expect.any(String) }],
      refundedCents: 1234,
      refunded: '¥12.34',
      totalCents: 13_460,
      netCents: 12_226,
      net: '¥122.26',
    });
  });

  it('renders the same receipt as a PDF, on ?format=pdf or Accept: application/pdf', async () => {
    const json = (await receipt(paid.id, buyer.token)).body as Receipt;
    for (const [query, headers] of [['?format=pdf', {}], ['', { accept: 'application/pdf' }]] as const) {
      const response = await app.api.inject({ method: 'GET', url: `/api/v1/me/orders/${paid.id}/receipt${query}`, headers: { authorization: `Bearer ${buyer.token}`, ...headers } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(`inline; filename="receipt-${json.orderNumber}.pdf"`);
      const pdf = response.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = await pdfText(pdf);
      for (const expected of [json.orderNumber, paid.id, '¥99.00', '¥9.90', '¥89.10', '¥45.50', '¥134.60', '¥12.34', '¥122.26', 'SPRING', paid.payment.id, 'Rust in Practice']) {
        expect(text, expected).toContain(expected);
      }
      // Chinese (the title, the buyer's name and address) comes out as written where the machine has
      // a CJK font (RECEIPT_FONT, or one found); else as "?", never a crash.
      const afterName = buyer.email.slice(buyer.email.indexOf('-'));
      if (app.api.get(PdfWriter).writesChinese) {
        expect(text).toContain(TITLE);
        expect(text).toContain(`小明 <${buyer.email}>`);
      } else {
        expect(text).toContain('???????????? Transformer');
        expect(text).toContain(`?? <??${afterName}>`);
      }
    }
    // ?format=json wins over the Accept header.
    const asJson = await receipt(paid.id, buyer.token, '?format=json', { accept: 'application/pdf' });
    expect(asJson.headers['content-type']).toContain('application/json');
    expect((await receipt(paid.id, buyer.token, '?format=docx')).status).toBe(400);
  });

  it('renders Chinese without a CJK font as "?", keeping every amount', async () => {
    const json = (await receipt(paid.id, buyer.token)).body as Receipt;
    const text = await pdfText(await new ReceiptPdf(new PdfWriter({ receiptFont: 'Helvetica' })).render(json));
    expect(text).toContain('???????????? Transformer');
    expect(text).toContain('Buyer: ?? <');
    for (const amount of ['¥99.00', '¥134.60', '¥122.26']) expect(text).toContain(amount);
  });

  it('is the buyer\'s alone: another learner gets 404, no sign-in 401; finance reads any through the back office', async () => {
    const stranger = await app.user('stranger');
    const foreign = await receipt(paid.id, stranger.token);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('COMMERCE.ORDER_NOT_FOUND');
    expect((await receipt(paid.id, stranger.token, '?format=pdf')).status).toBe(404);
    expect((await receipt(paid.id)).status).toBe(401);
    // "me" means mine, even for finance.
    expect((await receipt(paid.id, finance.token)).status).toBe(404);
    expect((await receipt(randomUUID(), buyer.token)).status).toBe(404);
    expect((await receipt('not-a-uuid', buyer.token)).status).toBe(400);

    const staff = await app.request('GET', `/api/v1/admin/finance/orders/${paid.id}/receipt`, { token: finance.token });
    expect(staff.status).toBe(200);
    expect(staff.body).toEqual((await receipt(paid.id, buyer.token)).body);
    expect((await app.request('GET', `/api/v1/admin/finance/orders/${paid.id}/receipt`, { token: buyer.token })).status).toBe(403);
    expect((await app.request('GET', `/api/v1/admin/finance/orders/${paid.id}/receipt`, { token: creator.token })).status).toBe(403);
  });

  it('has none for an order that never took money (409 problem)', async () => {
    const content = await publishContent(app, creator, moderatorToken, { priceCents: 1000 });
    const pending = await app.request('POST', '/api/v1/orders', { token: buyer.token, body: { contentIds: [content] }, headers: { 'idempotency-key': randomUUID() } });
    for (const query of ['', '?format=pdf']) {
      const response = await receipt(pending.body.id, buyer.token, query);
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ code: 'COMMERCE.RECEIPT_NOT_AVAILABLE', detail: 'This order is pending: only an order that was paid has a receipt.' });
    }
  });
});

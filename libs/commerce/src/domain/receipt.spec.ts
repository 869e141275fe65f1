import { describe, expect, it } from 'vitest';
import { buildReceipt, formatMoney, hasReceipt, orderNumber, type ReceiptSource } from './receipt.js';

const source = (overrides: Partial<ReceiptSource> = {}): ReceiptSource => ({
  orderId: 'a1b2c3d4-0000-4000-8000-000000000001',
  status: 'partially_refunded',
  createdAt: new Date('2026-11-27T16:30:00.000Z'), // 00:30 on the 28th in China
  paidAt: new Date('2026-11-27T16:31:00.000Z'),
  currency: 'CNY',
  items: [
    { contentId: 'c1', title: '深度学习入门', priceCents: 8910, listPriceCents: 9900 },
    { contentId: 'c2', title: 'Rust in Practice', priceCents: 4500, listPriceCents: 4500 },
  ],
  coupon: { code: 'SPRING', discountCents: 990 },
  bundle: null,
  totalCents: 13_410,
  provider: 'sandbox',
  paymentId: 'pay_1',
  refunds: [
    { refundId: 'r1', refundedCents: 1000, refundedAt: new Date('2026-11-29T00:00:00.000Z') },
    { refundId: 'r2', refundedCents: 234, refundedAt: new Date('2026-11-30T00:00:00.000Z') },
  ],
  buyer: { id: 'u1', displayName: '小明', email: 'xm@example.com' },
  ...overrides,
});

describe('receipts', () => {
  it('formats integer minor units as money, with separators, without floats', () => {
    expect(formatMoney(1234, 'CNY')).toBe('¥12.34');
    expect(formatMoney(5, 'CNY')).toBe('¥0.05');
    expect(formatMoney(0, 'CNY')).toBe('¥0.00');
    expect(formatMoney(100, 'CNY')).toBe('¥1.00');
    expect(formatMoney(123_456_789, 'CNY')).toBe('¥1,234,567.89');
    expect(formatMoney(100_000, 'CNY')).toBe('¥1,000.00');
    expect(formatMoney(99_999, 'CNY')).toBe('¥999.99');
    expect(formatMoney(-5, 'CNY')).toBe('-¥0.05');
    expect(formatMoney(-123_456, 'USD')).toBe('-$1,234.56');
    expect(formatMoney(1999, 'EUR')).toBe('€19.99');
    expect(formatMoney(1999, 'JPY')).toBe('19.99 JPY');
  });

  it('numbers an order by its date in China and its id', () => {
    expect(orderNumber('a1b2c3d4-0000-4000-8000-000000000001', new Date('2026-11-27T16:30:00.000Z'))).toBe('ZK-20261128-A1B2C3D4');
    expect(orderNumber('a1b2c3d4-0000-4000-8000-000000000001', new Date('2026-11-27T15:59:59.000Z'))).toBe('ZK-20261127-A1B2C3D4');
  });

  it('has receipts for orders that took money only', () => {
    for (const status of ['paid', 'partially_refunded', 'refunded']) expect(hasReceipt(status), status).toBe(true);
    for (const status of ['pending', 'failed', 'expired', 'charged_back', '']) expect(hasReceipt(status), status).toBe(false);
    expect(() => buildReceipt(source({ status: 'pending' }))).toThrow('order a1b2c3d4-0000-4000-8000-000000000001 is pending: it has no receipt');
  });

  it('lists each item at its list price, its discount and what was paid, then the total, the refunds and the net', () => {
    expect(buildReceipt(source())).toEqual({
      orderId: 'a1b2c3d4-0000-4000-8000-000000000001',
      orderNumber: 'ZK-20261128-A1B2C3D4',
      status: 'partially_refunded',
      orderedAt: '2026-11-27T16:30:00.000Z',
      paidAt: '2026-11-27T16:31:00.000Z',
      buyer: { id: 'u1', displayName: '小明', email: 'xm@example.com' },
      currency: 'CNY',
      items: [
        { contentId: 'c1', title: '深度学习入门', listPriceCents: 9900, listPrice: '¥99.00', discountCents: 990, discount: '¥9.90', paidCents: 8910, paid: '¥89.10' },
        { contentId: 'c2', title: 'Rust in Practice', listPriceCents: 4500, listPrice: '¥45.00', discountCents: 0, discount: '¥0.00', paidCents: 4500, paid: '¥45.00' },
      ],
      coupon: { code: 'SPRING', discountCents: 990, discount: '¥9.90' },
      bundle: null,
      totalCents: 13_410,
      total: '¥134.10',
      payment: { provider: 'sandbox', paymentId: 'pay_1' },
      refunds: [
        { refundId: 'r1', refundedCents: 1000, refunded: '¥10.00', refundedAt: '2026-11-29T00:00:00.000Z' },
        { refundId: 'r2', refundedCents: 234, refunded: '¥2.34', refundedAt: '2026-11-30T00:00:00.000Z' },
      ],
      refundedCents: 1234,
      refunded: '¥12.34',
      netCents: 12_176,
      net: '¥121.76',
    });
  });

  it('shows a bundle, no coupon, no refunds and no payment time as they are', () => {
    const receipt = buildReceipt(source({ status: 'paid', coupon: null, bundle: { title: '全栈组合课' }, refunds: [], paidAt: null }));
    expect(receipt).toMatchObject({ status: 'paid', coupon: null, bundle: { title: '全栈组合课' }, refunds: [], refundedCents: 0, refunded: '¥0.00', netCents: 13_410, net: '¥134.10', paidAt: null });
  });
});

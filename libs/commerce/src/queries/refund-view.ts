export interface RefundView {
  refundId: string;
  orderId: string;
  buyerId: string;
  status: 'requested' | 'approved' | 'rejected' | 'refunded';
  requestedCents: number | null;
  approvedCents: number | null;
  refundedCents: number | null;
  currency: string;
  reason: string | null;
  reviewReason: string | null;
  requestedAt: string | null;
  decidedAt: string | null;
  refundedAt: string | null;
}

export interface RefundRow {
  refund_id: string;
  order_id: string;
  buyer_id: string;
  status: RefundView['status'];
  requested_cents: string | null;
  approved_cents: string | null;
  refunded_cents: string | null;
  currency: string;
  reason: string | null;
  review_reason: string | null;
  requested_at: Date | null;
  decided_at: Date | null;
  refunded_at: Date | null;
  updated_at: Date;
}

const cents = (value: string | null) => (value === null ? null : Number(value));

export function toRefundView(row: RefundRow): RefundView {
  return {
    refundId: row.refund_id,
    orderId: row.order_id,
    buyerId: row.buyer_id,
    status: row.status,
    requestedCents: cents(row.requested_cents),
    approvedCents: cents(row.approved_cents),
    refundedCents: cents(row.refunded_cents),
    currency: row.currency.trim(),
    reason: row.reason,
    reviewReason: row.review_reason,
    requestedAt: row.requested_at?.toISOString() ?? null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    refundedAt: row.refunded_at?.toISOString() ?? null,
  };
}

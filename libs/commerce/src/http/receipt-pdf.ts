import { Injectable } from '@nestjs/common';
import { PdfWriter } from '#platform';
import type { Receipt } from '../domain/receipt.js';

/**
 * Renders a receipt as a PDF in the platform's PDF font: without a CJK font, Chinese titles become
 * `?` while amounts, ids and Latin text stay intact, and the JSON receipt always has everything.
 */
@Injectable()
export class ReceiptPdf {
  constructor(private readonly writer: PdfWriter) {}

  render(receipt: Receipt): Promise<Buffer> {
    const { doc, text, bytes } = this.writer.start({
      size: 'A4',
      margin: 50,
      info: { Title: `Receipt ${receipt.orderNumber}`, Author: 'Zhiku', Subject: `Order ${receipt.orderId}` },
    });
    const line = (label: string, value: string) => doc.fontSize(10).text(`${label}: ${text(value)}`);

    doc.fontSize(18).text(this.writer.writesChinese ? '收据 Receipt' : 'Receipt');
    doc.moveDown(0.5);
    line('Order number', receipt.orderNumber);
    line('Order', receipt.orderId);
    line('Ordered at', receipt.orderedAt);
    if (receipt.paidAt) line('Paid at', receipt.paidAt);
    line('Buyer', `${receipt.buyer.displayName} <${receipt.buyer.email}>`);
    line('Status', receipt.status.replace('_', ' '));
    doc.moveDown();

    const columns = { title: 50, list: 300, discount: 390, paid: 480 } as const;
    const row = (cells: { title: string; list: string; discount: string; paid: string }) => {
      const top = doc.y;
      doc.fontSize(10).text(text(cells.title), columns.title, top, { width: 240 });
      const bottom = doc.y;
      for (const column of ['list', 'discount', 'paid'] as const) {
        doc.text(cells[column], columns[column], top, { width: 80, align: 'right' });
      }
      doc.x = columns.title;
      doc.y = Math.max(bottom, doc.y);
    };
    row({ title: 'Item', list: 'List price', discount: 'Discount', paid: 'Paid' });
    for (const item of receipt.items) row({ title: item.title, list: item.listPrice, discount: item.discount, paid: item.paid });
    doc.moveDown();

    if (receipt.bundle) line('Bundle', receipt.bundle.title);
    if (receipt.coupon) line('Coupon', `${receipt.coupon.code} (-${receipt.coupon.discount})`);
    line('Total', receipt.total);
    line('Payment', `${receipt.payment.provider} ${receipt.payment.paymentId}`);
    for (const refund of receipt.refunds) line('Refund', `${refund.refunded} on ${refund.refundedAt} (${refund.refundId})`);
    line('Refunded so far', receipt.refunded);
    line('Net', receipt.net);
    doc.end();
    return bytes;
  }
}

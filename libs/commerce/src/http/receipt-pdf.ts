import { Inject, Injectable, Logger } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { APP_CONFIG, type AppConfig } from '#platform';
import type { Receipt } from '../domain/receipt.js';

/** A font to embed: a file, and the face's PostScript name when the file is a collection (.ttc). */
interface FontChoice {
  readonly file: string;
  readonly face?: string;
}

/** Where Debian (and most Linux) CJK font packages put their fonts, most complete first. */
const CJK_FONTS: readonly FontChoice[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

/** The PDF standard font needs no file but knows only Windows-1252: anything else is shown as `?`. */
const NOT_WIN_ANSI = /[^\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu;

/**
 * Renders a receipt as a PDF (pdfkit). Chinese titles need a CJK font: RECEIPT_FONT, or one found
 * on the machine at start; without one, receipts are in Helvetica and such text becomes `?` —
 * amounts, ids and Latin text stay intact, and the JSON receipt always has everything.
 */
@Injectable()
export class ReceiptPdf {
  private readonly logger = new Logger(ReceiptPdf.name);
  private readonly font: FontChoice | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.receiptFont === 'Helvetica') {
      this.font = null;
    } else if (config.receiptFont) {
      const [file, face] = config.receiptFont.split('#') as [string, string | undefined];
      const configured = { file, face };
      if (!loads(configured)) throw new Error(`RECEIPT_FONT ${config.receiptFont} cannot be embedded in a PDF (a collection needs #PostScriptName)`);
      this.font = configured;
    } else {
      this.font = CJK_FONTS.find(loads) ?? null;
      if (!this.font) this.logger.warn('No CJK font found (fc-list :lang=zh): PDF receipts show Chinese text as "?"; set RECEIPT_FONT');
    }
  }

  /** Whether Chinese text comes out as written (a CJK font is embedded). */
  get writesChinese(): boolean {
    return this.font !== null;
  }

  render(receipt: Receipt): Promise<Buffer> {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: `Receipt ${receipt.orderNumber}`, Author: 'Zhiku', Subject: `Order ${receipt.orderId}` },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finished = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    if (this.font) embed(doc, this.font);
    else doc.font('Helvetica');
    const text = (value: string) => (this.font ? value : value.replace(NOT_WIN_ANSI, '?'));
    const line = (label: string, value: string) => doc.fontSize(10).text(`${label}: ${text(value)}`);

    doc.fontSize(18).text(this.font ? '收据 Receipt' : 'Receipt');
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
    return finished;
  }
}

/** Whether pdfkit can embed this font (the file exists and, for a collection, has that face). */
function loads(font: FontChoice): boolean {
  try {
    embed(new PDFDocument({ autoFirstPage: false }), font);
    return true;
  } catch {
    return false;
  }
}

function embed(doc: PDFKit.PDFDocument, font: FontChoice): void {
  if (font.face) doc.font(font.file, font.face);
  else doc.font(font.file);
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { APP_CONFIG, type AppConfig } from '#platform';
import type { CertificateView } from './certificate-queries.js';

/** A font to embed: a file, and the face's PostScript name when the file is a collection (.ttc). */
interface FontChoice {
  readonly file: string;
  readonly face?: string;
}

/** Where Debian (and most Linux) CJK font packages put their fonts, most complete first (as for receipts). */
const CJK_FONTS: readonly FontChoice[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

/** The PDF standard font knows only Windows-1252: anything else is shown as `?`. */
const NOT_WIN_ANSI = /[^\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu;

/**
 * Renders a certificate as a PDF (pdfkit), with the address anyone can check it at. The font is the
 * receipts' (RECEIPT_FONT, or a CJK font found on the machine); without one, Chinese names show as
 * `?` and the verification address still tells the truth.
 */
@Injectable()
export class CertificatePdf {
  private readonly logger = new Logger(CertificatePdf.name);
  private readonly font: FontChoice | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.receiptFont === 'Helvetica') {
      this.font = null;
    } else if (config.receiptFont) {
      const [file, face] = config.receiptFont.split('#') as [string, string | undefined];
      this.font = loads({ file, face }) ? { file, face } : null;
    } else {
      this.font = CJK_FONTS.find(loads) ?? null;
    }
    if (!this.font) this.logger.warn('No CJK font for certificates (RECEIPT_FONT): Chinese text shows as "?"');
  }

  /** Where anyone can check this certificate: the public verification route. */
  verificationUrl(certificateId: string): string {
    return `${this.config.appUrl}/api/v1/certificates/${certificateId}/verification`;
  }

  render({ certificateId, statement, signature }: CertificateView): Promise<Buffer> {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 60,
      info: { Title: `Certificate ${certificateId}`, Author: 'Zhiku', Subject: statement.courseTitle },
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

    doc.fontSize(28).text(this.font ? '结业证书 Certificate of Completion' : 'Certificate of Completion', { align: 'center' });
    doc.moveDown();
    doc.fontSize(14).text('This certifies that', { align: 'center' });
    doc.fontSize(24).text(text(statement.learnerName), { align: 'center' });
    doc.fontSize(14).text('completed the course', { align: 'center' });
    doc.fontSize(20).text(text(statement.courseTitle), { align: 'center' });
    doc.fontSize(14).text(`by ${text(statement.creatorName)}, on ${statement.completedAt.slice(0, 10)}`, { align: 'center' });
    doc.moveDown(2);
    doc.fontSize(9);
    doc.text(`Certificate ${certificateId}, signed with Ed25519 key ${statement.keyId}`);
    doc.text(`Verify at ${this.verificationUrl(certificateId)}`);
    doc.text(`Signature ${signature}`);
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

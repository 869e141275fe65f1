import { Inject, Injectable, Logger } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

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

/** A document being written: pdfkit's, a `text` that makes a value printable in its font, and the bytes once ended. */
export interface PdfDraft {
  readonly doc: PDFKit.PDFDocument;
  readonly text: (value: string) => string;
  readonly bytes: Promise<Buffer>;
}

/**
 * Starts the platform's PDFs (receipts, certificates) in one font. Chinese needs a CJK font:
 * RECEIPT_FONT (`file` or `file.ttc#PostScriptName`, checked at start), or one found on the machine;
 * without one (or with `Helvetica`), documents are in Helvetica and such text becomes `?` — amounts,
 * ids and Latin text stay intact.
 */
@Injectable()
export class PdfWriter {
  private readonly logger = new Logger(PdfWriter.name);
  private readonly font: FontChoice | null;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'receiptFont'>) {
    if (config.receiptFont === 'Helvetica') {
      this.font = null;
    } else if (config.receiptFont) {
      const [file, face] = config.receiptFont.split('#') as [string, string | undefined];
      const configured = { file, face };
      if (!loads(configured)) throw new Error(`RECEIPT_FONT ${config.receiptFont} cannot be embedded in a PDF (a collection needs #PostScriptName)`);
      this.font = configured;
    } else {
      this.font = CJK_FONTS.find(loads) ?? null;
      if (!this.font) this.logger.warn('No CJK font found (fc-list :lang=zh): PDFs show Chinese text as "?"; set RECEIPT_FONT');
    }
  }

  /** Whether Chinese text comes out as written (a CJK font is embedded). */
  get writesChinese(): boolean {
    return this.font !== null;
  }

  start(options: PDFKit.PDFDocumentOptions): PdfDraft {
    const doc = new PDFDocument(options);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const bytes = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    if (this.font) embed(doc, this.font);
    else doc.font('Helvetica');
    const font = this.font;
    return { doc, bytes, text: (value) => (font ? value : value.replace(NOT_WIN_ANSI, '?')) };
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

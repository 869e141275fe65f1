import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, PdfWriter } from '#platform';
import type { CertificateView } from './certificate-queries.js';

/**
 * Renders a certificate as a PDF in the platform's PDF font, with the address anyone can check it
 * at; without a CJK font, Chinese names show as `?` and the verification address still tells the truth.
 */
@Injectable()
export class CertificatePdf {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly writer: PdfWriter,
  ) {}

  /** Where anyone can check this certificate: the public verification route. */
  verificationUrl(certificateId: string): string {
    return `${this.config.appUrl}/api/v1/certificates/${certificateId}/verification`;
  }

  render({ certificateId, statement, signature }: CertificateView): Promise<Buffer> {
    const { doc, text, bytes } = this.writer.start({
      size: 'A4',
      layout: 'landscape',
      margin: 60,
      info: { Title: `Certificate ${certificateId}`, Author: 'Zhiku', Subject: statement.courseTitle },
    });
    doc.fontSize(28).text(this.writer.writesChinese ? '结业证书 Certificate of Completion' : 'Certificate of Completion', { align: 'center' });
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
    return bytes;
  }
}

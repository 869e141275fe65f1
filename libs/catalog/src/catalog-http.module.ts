import { Module } from '@nestjs/common';
import { CatalogModule } from './catalog.module.js';
import { CertificatePdf } from './certificates/certificate-pdf.js';
import { CertificatesController } from './certificates/certificates.controller.js';
import { AdminContentsController } from './http/admin-contents.controller.js';
import { ContentsController } from './http/contents.controller.js';
import { LearningController } from './http/learning.controller.js';

/** The api side of catalog: its routes. */
@Module({
  imports: [CatalogModule],
  controllers: [ContentsController, AdminContentsController, LearningController, CertificatesController],
  providers: [CertificatePdf],
})
export class CatalogHttpModule {}

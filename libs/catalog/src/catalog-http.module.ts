import { Module } from '@nestjs/common';
import { CatalogModule } from './catalog.module.js';
import { AdminCategoriesController } from './http/admin-categories.controller.js';
import { CertificatePdf } from './certificates/certificate-pdf.js';
import { CertificatesController } from './certificates/certificates.controller.js';
import { AdminContentsController } from './http/admin-contents.controller.js';
import { CategoriesController } from './http/categories.controller.js';
import { ContentsController } from './http/contents.controller.js';
import { LearningController } from './http/learning.controller.js';
import { SearchController } from './http/search.controller.js';

/** The api side of catalog: its routes. */
@Module({
  imports: [CatalogModule],
  controllers: [ContentsController, AdminContentsController, LearningController, CategoriesController, AdminCategoriesController, SearchController, CertificatesController],
  providers: [CertificatePdf],
})
export class CatalogHttpModule {}

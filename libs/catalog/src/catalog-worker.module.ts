import { Module } from '@nestjs/common';
import { CatalogModule } from './catalog.module.js';
import { CertificateIssuer } from './certificates/certificate-issuer.js';

/** The worker side of catalog: certificates issued as courses are completed. */
@Module({
  imports: [CatalogModule],
  providers: [CertificateIssuer],
})
export class CatalogWorkerModule {}

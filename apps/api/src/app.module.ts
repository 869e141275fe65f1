import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, type Clock, PlatformModule } from '#platform';
import { IdentityHttpModule } from '#identity';
import { CatalogHttpModule } from '#catalog';
import { CommerceHttpModule } from '#commerce';
import { RecommendationHttpModule } from '#recommendation';
import { AuditHttpModule } from '#audit';
import { IntegrationsHttpModule } from '#integrations';
import { AnalyticsHttpModule } from '#analytics';
import { CommunityHttpModule } from '#community';
import { ConsultingHttpModule } from '#consulting';
import { SocialHttpModule } from '#social';
import { MediaHttpModule } from '#media';
import { DOMAIN_CORE_MODULES } from '../../domain-modules.js';

/** The HTTP process: the platform, every domain's core, and every domain's routes. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraImports: DynamicModule[] = [], clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...extraImports,
        PlatformModule.forRoot(config, 'api', clock),
        ...DOMAIN_CORE_MODULES,
        IdentityHttpModule,
        CatalogHttpModule,
        CommerceHttpModule,
        RecommendationHttpModule,
        AuditHttpModule,
        IntegrationsHttpModule,
        AnalyticsHttpModule,
        CommunityHttpModule,
        ConsultingHttpModule,
        SocialHttpModule,
        MediaHttpModule,
      ],
    };
  }
}

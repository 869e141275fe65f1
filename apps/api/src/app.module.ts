import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, PlatformModule } from '#platform';
import { IdentityModule } from '#identity';
import { CatalogModule } from '#catalog';
import { CommerceModule } from '#commerce';
import { RecommendationModule } from '#recommendation';
import { AuditModule } from '#audit';

/** The HTTP process: the platform plus every domain's routes, commands, queries and inline projections. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraImports: DynamicModule[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...extraImports,
        PlatformModule.forRoot(config, 'api'),
        IdentityModule,
        CatalogModule,
        CommerceModule,
        RecommendationModule,
        AuditModule,
      ],
    };
  }
}

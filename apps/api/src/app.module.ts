import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, PlatformModule } from '#platform';
import { IdentityModule } from '#identity';
import { CommerceModule } from '#commerce';

/** The HTTP process: the platform plus every domain's routes, commands, queries and inline projections. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, 'api'),
        IdentityModule,
        CommerceModule,
      ],
    };
  }
}

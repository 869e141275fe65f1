import { type BeforeApplicationShutdown, type DynamicModule, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { type AppConfig, type Clock, PlatformModule, SubscriptionRunner } from '#platform';
import { AuditWorkerModule } from '#audit';
import { IdentityWorkerModule } from '#identity';
import { CommerceWorkerModule } from '#commerce';
import { RecommendationWorkerModule } from '#recommendation';
import { IntegrationsWorkerModule } from '#integrations';
import { AnalyticsWorkerModule } from '#analytics';
import { ConsultingWorkerModule } from '#consulting';
import { CatalogWorkerModule } from '#catalog';
import { SocialWorkerModule } from '#social';
import { MediaWorkerModule } from '#media';
import { CommunityWorkerModule } from '#community';
import { DOMAIN_CORE_MODULES } from '../../domain-modules.js';

/** The worker process: every domain's core, async subscribers (audit, outbox relay) and BullMQ processors. */
@Module({})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static forRoot(config: AppConfig, extraImports: DynamicModule[] = [], clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ...extraImports,
        PlatformModule.forRoot(config, 'worker', clock),
        ...DOMAIN_CORE_MODULES,
        AuditWorkerModule,
        IdentityWorkerModule,
        CommerceWorkerModule,
        RecommendationWorkerModule,
        IntegrationsWorkerModule,
        AnalyticsWorkerModule,
        ConsultingWorkerModule,
        SocialWorkerModule,
        CatalogWorkerModule,
        MediaWorkerModule,
        CommunityWorkerModule,
      ],
    };
  }

  constructor(private readonly subscriptions: SubscriptionRunner) {}

  onApplicationBootstrap(): void {
    this.subscriptions.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscriptions.stop();
  }
}

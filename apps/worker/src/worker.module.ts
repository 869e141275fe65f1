import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig, PlatformModule, SubscriptionRunner } from '#platform';
import { AuditWorkerModule } from '#audit';
import { RecommendationWorkerModule } from '#recommendation';
import { DOMAIN_CORE_MODULES } from '../../domain-modules.js';

/** The worker process: every domain's core, async subscribers (audit, outbox relay) and BullMQ processors. */
@Module({})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static forRoot(config: AppConfig, extraImports: DynamicModule[] = []): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ...extraImports,
        PlatformModule.forRoot(config, 'worker'),
        ...DOMAIN_CORE_MODULES,
        AuditWorkerModule,
        RecommendationWorkerModule,
      ],
    };
  }

  constructor(
    private readonly subscriptions: SubscriptionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscriptions.start(this.config.subscriptionPollMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscriptions.stop();
  }
}

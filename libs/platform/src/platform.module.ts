import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DiscoveryModule } from '@nestjs/core';
import { AuthzModule } from './authz/authz.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { SecretsModule } from './config/secrets.js';
import { Decisions } from './cqrs/decisions.js';
import { DatabaseModule } from './database/database.module.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { SubscriptionsController } from './event-store/subscriptions.controller.js';
import { HealthController } from './health/health.controller.js';
import { IdempotencyInterceptor } from './http/idempotency.js';
import { Mailer, mailerFor } from './mail/mailer.js';
import { SmsSender, smsSenderFor } from './sms/sms-sender.js';
import { FieldCipher } from './crypto/field-cipher.js';
import { DataKeyRotation } from './crypto/encrypted-fields.js';
import { QueuesModule } from './queues/queues.module.js';
import { RedisModule } from './redis/redis.module.js';
import { PerMinuteCounter } from './redis/per-minute-counter.js';
import { Clock, SystemClock } from './time/clock.js';
import { PdfWriter } from './pdf/pdf-writer.js';

/** api: HTTP routes; worker: queues and subscriptions; cli: neither, for an operator's one-off command. */
export type ProcessRole = 'api' | 'worker' | 'cli';

/** The shared kernel every process stands on; the role decides HTTP-only and worker-only parts. */
@Module({})
export class PlatformModule {
  /** `clock`: the time every rule reads (the system's unless a test brings its own). */
  static forRoot(config: AppConfig, role: ProcessRole, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ConfigModule.forRoot(config),
        DiscoveryModule,
        DatabaseModule.forRoot(config),
        SecretsModule,
        EventStoreModule,
        AuthzModule,
        CqrsModule.forRoot(),
        RedisModule,
        ...(role === 'worker' ? [QueuesModule.forRoot(config)] : []),
      ],
      controllers: role === 'api' ? [HealthController, SubscriptionsController] : [],
      providers: [Decisions, IdempotencyInterceptor, FieldCipher, DataKeyRotation, { provide: Mailer, useClass: mailerFor(config) }, { provide: SmsSender, useClass: smsSenderFor(config) }, { provide: Clock, useValue: clock }, PdfWriter, PerMinuteCounter],
      exports: [Decisions, IdempotencyInterceptor, CqrsModule, Mailer, SmsSender, FieldCipher, DataKeyRotation, Clock, PdfWriter, PerMinuteCounter],
    };
  }
}

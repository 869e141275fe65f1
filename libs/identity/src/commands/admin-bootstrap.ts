import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig, systemContext } from '#platform';
import { EnsureAdmin } from './ensure-admin.js';

/** At api start, creates or promotes the admin named by ADMIN_EMAIL / ADMIN_PASSWORD. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    const { userId } = await this.commands.execute(new EnsureAdmin(adminEmail, adminPassword, systemContext('boot')));
    this.logger.log(`admin ${adminEmail} is ready (user ${userId})`);
  }
}

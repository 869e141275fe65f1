import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig, DomainError, StartupRefused, systemContext } from '#platform';
import { EnsureAdmin } from './ensure-admin.js';

/** At api start, creates the admin named by ADMIN_EMAIL / ADMIN_PASSWORD if it does not exist yet. */
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
    try {
      const { userId, created } = await this.commands.execute(new EnsureAdmin(adminEmail, adminPassword, systemContext('boot')));
      this.logger.log(`admin ${adminEmail} ${created ? 'created' : 'exists'} (user ${userId})`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'IDENTITY.ADMIN_EMAIL_TAKEN') throw error;
      throw new StartupRefused(
        `ADMIN_EMAIL ${adminEmail} belongs to an existing account that is not an admin, so it was not promoted ` +
          `(whoever registered it first would get admin rights with their own password). If that account is yours, ` +
          `grant it on purpose with \`npm run zhiku -- users grant-role ${adminEmail} admin\` (recorded in the audit log), ` +
          `or set another ADMIN_EMAIL; then start again.`,
      );
    }
  }
}

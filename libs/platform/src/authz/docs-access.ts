import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { STAFF_ROLES } from '../domain/index.js';
import { AccessTokens } from './access-tokens.js';
import { type ActorDirectory, ProvidesActors } from './actor-directory.js';

/**
 * Who may read /docs and /docs-json (API_DOCS): anyone, or only staff signed in with a second
 * factor, as the back office demands: the bearer token must be live and its user hold a staff role now.
 */
@Injectable()
export class DocsAccess implements OnModuleInit {
  private directory: ActorDirectory | null = null;

  constructor(
    private readonly tokens: AccessTokens,
    private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.directory = (this.discovery.getProviders({ metadataKey: ProvidesActors.KEY })[0]?.instance as ActorDirectory | undefined) ?? null;
  }

  async allows(authorization: string | undefined): Promise<boolean> {
    if (this.config.apiDocs === 'public') return true;
    const [scheme, token] = (authorization ?? '').split(' ');
    const claimed = scheme?.toLowerCase() === 'bearer' && token ? await this.tokens.verify(token) : null;
    if (!claimed?.sessionId || claimed.mfaAt === undefined || !this.directory) return false;
    const current = await this.directory.current(claimed.userId, claimed.sessionId);
    return !!current && current.roles.some((role) => STAFF_ROLES.includes(role) && claimed.roles.includes(role));
  }
}

import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/index.js';
import { AbilityFactory } from './ability.factory.js';
import { AccessTokens } from './access-tokens.js';
import { type ActorDirectory, ProvidesActors } from './actor-directory.js';
import { ADMIN_ROUTE_PREFIX, ROUTE_ACCESS, type RouteAccess, STEP_UP } from './route-access.decorator.js';
import { requireStepUp } from './step-up.js';
import { asSubject } from './ability.js';
import { Clock } from '../time/clock.js';
import { outsideStaffHours, readStaffClock } from './staff-hours.js';
import { BACK_OFFICE } from './staff-hours.rules.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { AppAbility } from './ability.js';
import type { Actor } from './actor.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    ability: AppAbility;
  }
}

/**
 * Global default-deny guard: lets a request through only if its route declares @Public,
 * @PublicOrSignedIn, @Authenticated or a @Policy the caller's ability allows. Every route but a
 * @Public one authenticates the bearer token when one is sent.
 */
@Injectable()
export class AccessGuard implements CanActivate, OnModuleInit {
  private readonly logger = new Logger(AccessGuard.name);
  private directory: ActorDirectory | null = null;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly abilities: AbilityFactory,
    private readonly discovery: DiscoveryService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const directories = this.discovery
      .getProviders({ metadataKey: ProvidesActors.KEY })
      .map((wrapper) => wrapper.instance as ActorDirectory | undefined)
      .filter((instance): instance is ActorDirectory => !!instance);
    if (directories.length > 1) throw new Error('More than one ActorDirectory is registered');
    this.directory = directories[0] ?? null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) {
      this.logger.error(`route ${request.method} ${request.routeOptions.url} declares no access policy: denied`);
      throw new DomainError('AUTHZ.NO_POLICY', 'forbidden', 'This route is not open to anyone.');
    }

    // Who calls a @Public route plays no part in it: its Authorization header is not read at all.
    request.actor = access.kind === 'public' ? null : await this.authenticate(request);
    request.ability = this.abilities.forActor(request.actor);
    if (access.kind === 'public' || access.kind === 'optional') return true;
    if (!request.actor) {
      throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    }
    if (access.kind === 'policy' && !request.ability.can(access.action, access.subject)) {
      throw new DomainError('AUTHZ.FORBIDDEN', 'forbidden', `You may not ${access.action} ${access.subject}.`);
    }
    if (request.routeOptions.url?.startsWith(ADMIN_ROUTE_PREFIX)) {
      // A stolen password alone must not open the back office.
      if (request.actor.mfaAt === undefined) {
        throw new DomainError('AUTH.MFA_REQUIRED', 'forbidden', 'Staff sign in with a second factor: set one up at /api/v1/me/mfa/totp, then sign in again.');
      }
      this.requireStaffHours(request.ability);
    }
    const stepUp = this.reflector.getAllAndOverride<boolean | undefined>(STEP_UP, [context.getHandler(), context.getClass()]);
    if (stepUp) requireStepUp(request.actor, this.config.stepUpMaxAgeSeconds);
    return true;
  }

  /** Outside STAFF_HOURS the back office is closed to staff (StaffHoursRules says who is exempt). */
  private requireStaffHours(ability: AppAbility): void {
    const { staffHours } = this.config;
    if (!staffHours) return;
    const now = this.clock.now();
    if (!ability.can('enter', asSubject(BACK_OFFICE, { ...readStaffClock(staffHours, now) }))) throw outsideStaffHours(staffHours, now);
  }

  private async authenticate(request: FastifyRequest): Promise<Actor | null> {
    const header = request.headers.authorization;
    if (!header) return null;
    const [scheme, token] = header.split(' ');
    const claimed = scheme?.toLowerCase() === 'bearer' && token ? await this.tokens.verify(token) : null;
    // A signed token outlives a deleted user or a revoked role: what the user holds now decides.
    const current = claimed?.sessionId && this.directory ? await this.directory.current(claimed.userId, claimed.sessionId) : null;
    // A bad token is refused even where signing in is optional: the client must learn its token is dead.
    if (!claimed || !current) throw new DomainError('AUTH.INVALID_TOKEN', 'unauthorized', 'The access token is invalid or expired.');
    return {
      userId: claimed.userId,
      sessionId: claimed.sessionId,
      roles: claimed.roles.filter((role) => current.roles.includes(role)),
      emailVerified: current.emailVerified,
      ...(claimed.mfaAt === undefined ? {} : { mfaAt: claimed.mfaAt }),
    };
  }
}

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AppAbility } from '../authz/ability.js';
import type { Actor } from '../authz/actor.js';
import type { CommandContext } from '../cqrs/command-context.js';
import { DomainError } from '../domain/index.js';

/** The CommandContext of this request: caller, request id, client address. */
export const RequestContext = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const userAgent = request.headers['user-agent'];
  return {
    actor: request.actor ?? null,
    requestId: String(request.id),
    clientIp: request.ip,
    userAgent: typeof userAgent === 'string' && userAgent !== '' ? userAgent.slice(0, USER_AGENT_MAX) : null,
  };
});

/** A User-Agent is kept in events and shown in the session list: long enough to recognise a browser, no longer. */
const USER_AGENT_MAX = 256;

/** The signed-in caller; only on @Authenticated or @Policy routes, where the guard ensured one. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
  return actor;
});

/** The caller's CASL ability, built once per request by the AccessGuard. */
export const CallerAbility = createParamDecorator(
  (_: unknown, context: ExecutionContext): AppAbility => context.switchToHttp().getRequest<FastifyRequest>().ability,
);

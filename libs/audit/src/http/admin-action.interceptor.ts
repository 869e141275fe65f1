import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, concatMap, from, map, type Observable, throwError } from 'rxjs';
import { type CommandContext, eventMetadata, EventStore, toProblem } from '#platform';
import type { AdminActionPerformed } from '../domain/audit-events.js';

const ADMIN_ROUTES = '/api/v1/admin/';

/**
 * Records every back-office request, once its handler has finished, as an event in the
 * caller's `admin-actions-<actorId>` stream; the audit subscriber then chains it like any
 * other event (no second write path). Refused callers never get here: guards run first.
 */
@Injectable()
export class AdminActionRecorder implements NestInterceptor {
  private readonly logger = new Logger(AdminActionRecorder.name);

  constructor(private readonly store: EventStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions.url;
    if (!route?.startsWith(ADMIN_ROUTES)) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      // Nest sets the route's status code before interceptors run.
      concatMap((body) => from(this.record(request, route, reply.statusCode, 'succeeded')).pipe(map(() => body))),
      catchError((error: unknown) =>
        from(this.record(request, route, toProblem(error, request).status, 'failed')).pipe(
          concatMap(() => throwError(() => error)),
        ),
      ),
    );
  }

  /** Never fails the request: the action itself already happened (or failed) by now. */
  private async record(
    request: FastifyRequest,
    route: string,
    statusCode: number,
    outcome: AdminActionPerformed['data']['outcome'],
  ): Promise<void> {
    const context: CommandContext = { actor: request.actor ?? null, requestId: String(request.id), clientIp: request.ip };
    const event: AdminActionPerformed = {
      type: 'audit.admin-action-performed',
      data: { method: request.method, route, params: { ...(request.params as Record<string, string>) }, statusCode, outcome },
    };
    try {
      await this.store.append({
        streamId: `admin-actions-${context.actor?.userId ?? 'anonymous'}`,
        streamType: 'admin-actions',
        expectedVersion: 'any',
        events: [event],
        metadata: eventMetadata(context),
      });
    } catch (error) {
      this.logger.error(`admin action ${request.method} ${route} (${outcome}) was not recorded: ${(error as Error).message}`);
    }
  }
}

import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { catchError, concatMap, defer, from, map, Observable, throwError } from 'rxjs';
import {
  type CommandContext,
  eventMetadata,
  EventStore,
  RequestEvents,
  toProblem,
  withoutRequestEvents,
  withRequestEvents,
} from '#platform';
import type { AdminActionPerformed } from '../domain/audit-events.js';

const ADMIN_ROUTES = '/api/v1/admin/';
const RECORD_ATTEMPTS = 3;

/**
 * Records every back-office request as an event in a stream of its own (`admin-action-<uuid>`,
 * so parallel actions never contend); the audit subscriber then chains it like any other event.
 * An action that writes commits its record in the same transaction as its own events (the record
 * rides on the request's first append); one that writes nothing — a read, a no-op, a refusal — is
 * recorded right after, and a read whose record cannot be written fails rather than go unrecorded.
 * Refused callers never get here: guards run first.
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
    // Nest sets the route's status code before interceptors run.
    const status = context.switchToHttp().getResponse<FastifyReply>().statusCode;
    const succeeded = new RequestEvents(this.record(request, route, status, 'succeeded'));
    return new Observable<unknown>((subscriber) => withRequestEvents(succeeded, () => next.handle().subscribe(subscriber))).pipe(
      concatMap((body) => (succeeded.written ? [body] : from(this.appendAlone(succeeded)).pipe(map(() => body)))),
      catchError((error: unknown) => {
        // Whatever the action committed carries its record already; otherwise record the failure.
        if (succeeded.written) return throwError(() => error);
        const failed = new RequestEvents(this.record(request, route, toProblem(error, request).status, 'failed'));
        return defer(() => this.appendAlone(failed).catch((failure: unknown) => this.unrecorded(failed, failure))).pipe(
          concatMap(() => throwError(() => error)),
        );
      }),
    );
  }

  private record(request: FastifyRequest, route: string, statusCode: number, outcome: AdminActionPerformed['data']['outcome']) {
    const context: CommandContext = { actor: request.actor ?? null, requestId: String(request.id), clientIp: request.ip };
    const event: AdminActionPerformed = {
      type: 'audit.admin-action-performed',
      data: { method: request.method, route, params: { ...(request.params as Record<string, string>) }, statusCode, outcome },
    };
    return {
      streamId: `admin-action-${randomUUID()}`,
      streamType: 'admin-action',
      expectedVersion: 0,
      events: [event],
      metadata: eventMetadata(context),
    };
  }

  /** Appends a record on its own (in its own transaction), retrying transient failures; throws if it cannot. */
  private async appendAlone(events: RequestEvents): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await withoutRequestEvents(() => this.store.append(events.request));
        return;
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  /** A failed action whose record could not be written either: it changed nothing, but the log says so loudly. */
  private unrecorded(events: RequestEvents, failure: unknown): void {
    const { method, route, statusCode } = (events.request.events[0] as AdminActionPerformed).data;
    this.logger.error(
      `failed admin action ${method} ${route} (${statusCode}) by ${events.request.metadata.actorId} could not be recorded: ${(failure as Error).message}`,
    );
  }
}

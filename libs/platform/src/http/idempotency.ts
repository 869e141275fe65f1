import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, type Observable, of, switchMap, catchError, throwError } from 'rxjs';
import type { DataSource } from 'typeorm';
import { DomainError } from '../domain/index.js';
import { HttpProblem } from './http-problem.js';
import { ProblemDetailsDto } from './problem-details.dto.js';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;
/** A first attempt still "in flight" after this long died with its process: a retry may take the key over. */
const ABANDONED_AFTER_SECONDS = 60;

interface StoredKey {
  request_hash: string;
  state: 'in_flight' | 'completed';
  response_body: unknown;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * `Idempotency-Key` for POSTs that create orders or move money. The first request with a key runs;
 * a repeat with the same body gets the stored response (`Idempotent-Replayed: true`), a repeat with
 * another body gets 422, and a repeat while the first is still running gets 409.
 * Keys are scoped to the caller and the route, so two users never collide.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new HttpProblem(400, 'IDEMPOTENCY.KEY_REQUIRED', 'Send an Idempotency-Key header (8-128 of A-Z a-z 0-9 _ . : -).', [
        { field: 'Idempotency-Key', messages: ['Idempotency-Key header is required on this route'] },
      ]);
    }
    const scope = `${request.actor?.userId ?? 'anonymous'} ${request.method} ${request.routeOptions.url}`;
    const requestHash = createHash('sha256').update(canonicalJson(request.body ?? null)).digest('hex');

    return from(this.claim(scope, key, requestHash)).pipe(
      switchMap((stored) => {
        if (stored) {
          void reply.header('idempotent-replayed', 'true');
          return of(stored.response_body);
        }
        return next.handle().pipe(
          switchMap((body) => from(this.complete(scope, key, reply.statusCode, body)).pipe(switchMap(() => of(body)))),
          // A failed first attempt frees the key: the client may retry with it.
          catchError((error: unknown) => from(this.release(scope, key)).pipe(switchMap(() => throwError(() => error)))),
        );
      }),
    );
  }

  /** Null when this request owns the key now; the stored completion when it is a replay. */
  private async claim(scope: string, key: string, requestHash: string): Promise<StoredKey | null> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state) VALUES ($1, $2, $3, 'in_flight')
       ON CONFLICT (scope, key) DO UPDATE SET created_at = now()
         WHERE idempotency_keys.state = 'in_flight'
           AND idempotency_keys.request_hash = EXCLUDED.request_hash
           AND idempotency_keys.created_at < now() - make_interval(secs => $4)
       RETURNING key`,
      [scope, key, requestHash, ABANDONED_AFTER_SECONDS],
    );
    if (inserted.length === 1) return null;
    const [existing]: StoredKey[] = await this.dataSource.query(
      `SELECT request_hash, state, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (!existing) return this.claim(scope, key, requestHash); // released between our two statements
    if (existing.request_hash !== requestHash) {
      throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'invalid', 'This Idempotency-Key was used with a different request body.');
    }
    if (existing.state === 'in_flight') {
      throw new DomainError('IDEMPOTENCY.IN_FLIGHT', 'conflict', 'A request with this Idempotency-Key is still being processed.');
    }
    return existing;
  }

  private async complete(scope: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'completed', status_code = $3, response_body = $4::jsonb, completed_at = now()
        WHERE scope = $1 AND key = $2`,
      [scope, key, statusCode, JSON.stringify(body ?? null)],
    );
  }

  private async release(scope: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_flight'`, [scope, key]);
  }
}

/** Requires and honours `Idempotency-Key` on this route, and documents it. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per intended operation; a retry reuses it' }),
    ApiConflictResponse({ description: 'A request with this key is still in flight', type: ProblemDetailsDto }),
    ApiUnprocessableEntityResponse({ description: 'Key reused with a different body, or a business rule refused it', type: ProblemDetailsDto }),
  );

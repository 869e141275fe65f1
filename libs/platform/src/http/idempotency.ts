import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { catchError, defer, finalize, from, type Observable, of, switchMap, throwError } from 'rxjs';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { canonicalJson, DomainError } from '../domain/index.js';
import { HttpProblem } from './http-problem.js';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

type Claim = { owner: true; attempt: number } | { owner: false; statusCode: number; body: unknown };

interface StoredKey {
  request_hash: string;
  state: 'in_flight' | 'completed';
  status_code: number | null;
  response_body: unknown;
}

/**
 * `Idempotency-Key` for POSTs that create orders or move money. The first request with a key runs;
 * a repeat with the same body gets the stored response (`Idempotent-Replayed: true`), a repeat with
 * another body gets 422, and a repeat while the first is still running gets 409. Keys are scoped
 * to the caller and the route, so two users never collide.
 *
 * The running attempt holds a lease it renews while it runs; only an expired lease is taken over
 * (a crashed attempt), each takeover with the next attempt number, and only the current attempt
 * may store its response. A refusal (4xx) frees the key; an unexpected failure keeps it, with its
 * lease expired, so a retry re-runs the command — which must itself be idempotent for this key
 * (commands derive their record ids from it) because it may have committed before failing.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = idempotencyKeyOf(request);
    const scope = `${request.actor?.userId ?? 'anonymous'} ${request.method} ${request.routeOptions.url}`;
    const requestHash = createHash('sha256').update(canonicalJson(request.body ?? null)).digest('hex');

    return from(this.claim(scope, key, requestHash)).pipe(
      switchMap((claim) => {
        if (!claim.owner) {
          void reply.status(claim.statusCode).header('idempotent-replayed', 'true');
          return of(claim.body);
        }
        const renewal = setInterval(() => void this.renew(scope, key, claim.attempt), this.config.idempotencyLeaseMs / 3);
        return next.handle().pipe(
          finalize(() => clearInterval(renewal)),
          switchMap((body) => defer(() => this.complete(scope, key, claim.attempt, reply.statusCode, body)).pipe(switchMap(() => of(body)))),
          catchError((error: unknown) =>
            defer(() => this.failed(scope, key, claim.attempt, error)).pipe(switchMap(() => throwError(() => error))),
          ),
        );
      }),
    );
  }

  /** Owns the key (a first attempt, or a takeover of an expired lease), or finds the stored completion. */
  private async claim(scope: string, key: string, requestHash: string): Promise<Claim> {
    const owned: { attempt: number }[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, attempt, lease_expires_at)
       VALUES ($1, $2, $3, 'in_flight', 1, now() + make_interval(secs => $4))
       ON CONFLICT (scope, key) DO UPDATE
         SET attempt = idempotency_keys.attempt + 1, lease_expires_at = EXCLUDED.lease_expires_at
         WHERE idempotency_keys.state = 'in_flight'
           AND idempotency_keys.request_hash = EXCLUDED.request_hash
           AND idempotency_keys.lease_expires_at < now()
       RETURNING attempt`,
      [scope, key, requestHash, this.config.idempotencyLeaseMs / 1000],
    );
    if (owned.length === 1) return { owner: true, attempt: owned[0]!.attempt };
    const [existing]: StoredKey[] = await this.dataSource.query(
      `SELECT request_hash, state, status_code, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (!existing) return this.claim(scope, key, requestHash); // freed between our two statements
    if (existing.request_hash !== requestHash) {
      throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'invalid', 'This Idempotency-Key was used with a different request body.');
    }
    if (existing.state === 'in_flight') {
      throw new DomainError('IDEMPOTENCY.IN_FLIGHT', 'conflict', 'A request with this Idempotency-Key is still being processed.');
    }
    return { owner: false, statusCode: existing.status_code ?? 200, body: existing.response_body };
  }

  private async renew(scope: string, key: string, attempt: number): Promise<void> {
    await this.dataSource
      .query(
        `UPDATE idempotency_keys SET lease_expires_at = now() + make_interval(secs => $4)
          WHERE scope = $1 AND key = $2 AND attempt = $3 AND state = 'in_flight'`,
        [scope, key, attempt, this.config.idempotencyLeaseMs / 1000],
      )
      .catch((error: unknown) => this.logger.warn(`could not renew the lease of an Idempotency-Key: ${(error as Error).message}`));
  }

  /**
   * Stores the response for replays. If that fails, the command has committed all the same: the key
   * is left to its lease (a retry gets 409 until it expires, then re-runs the idempotent command).
   */
  private async complete(scope: string, key: string, attempt: number, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource
      .query(
        `UPDATE idempotency_keys SET state = 'completed', status_code = $4, response_body = $5::jsonb, completed_at = now()
          WHERE scope = $1 AND key = $2 AND attempt = $3 AND state = 'in_flight'`,
        [scope, key, attempt, statusCode, JSON.stringify(body ?? null)],
      )
      .catch((error: unknown) => this.logger.error(`could not store an idempotent response: ${(error as Error).message}`));
  }

  /** A refusal committed nothing: the key is freed. Anything else may have committed: the key stays, open to a retry now. */
  private async failed(scope: string, key: string, attempt: number, error: unknown): Promise<void> {
    const refusal = error instanceof DomainError || error instanceof HttpProblem;
    await this.dataSource
      .query(
        refusal
          ? `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND attempt = $3 AND state = 'in_flight'`
          : `UPDATE idempotency_keys SET lease_expires_at = now() WHERE scope = $1 AND key = $2 AND attempt = $3 AND state = 'in_flight'`,
        [scope, key, attempt],
      )
      .catch((failure: unknown) => this.logger.error(`could not settle an Idempotency-Key after a failure: ${(failure as Error).message}`));
  }
}

/** The request's Idempotency-Key, checked; a 400 problem when it is missing or malformed. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new HttpProblem(400, 'IDEMPOTENCY.KEY_REQUIRED', 'Send an Idempotency-Key header (8-128 of A-Z a-z 0-9 _ . : -).', [
      { field: 'Idempotency-Key', messages: ['Idempotency-Key header is required on this route'] },
    ]);
  }
  return key;
}

/** Marks a route @Idempotent, so its IDEMPOTENCY.* problems are documented (route-problems.ts). */
export const IDEMPOTENT_ROUTE = 'zhiku:idempotent';

/** Requires and honours `Idempotency-Key` on this route, and documents it. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    SetMetadata(IDEMPOTENT_ROUTE, true),
    ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per intended operation; a retry reuses it' }),
  );

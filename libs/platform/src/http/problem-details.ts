import { HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '../domain/index.js';
import type { ProblemDetailsDto } from './problem-details.dto.js';
import { HttpProblem } from './http-problem.js';

/** The media type of every error body (the OpenAPI document declares it too); successes are application/json. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The status each kind of domain refusal is answered with. */
export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  throttled: 429,
  unavailable: 503,
};

/** Fastify's own errors that reach us before Nest does (body parsing, limits). */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'HTTP.MALFORMED_JSON', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'HTTP.MALFORMED_JSON', detail: 'The body is empty but declared as JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'HTTP.BODY_TOO_LARGE', detail: 'The body is larger than this server accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'HTTP.UNSUPPORTED_MEDIA_TYPE', detail: 'Send JSON (application/json).' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'HTTP.BAD_CONTENT_LENGTH', detail: 'Content-Length does not match the body.' },
  // The router refuses these before any route (so before our input check) sees the request.
  FST_ERR_BAD_URL: { status: 400, code: 'HTTP.INVALID_TEXT', detail: 'The path is not percent-encoded UTF-8 text.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'HTTP.PATH_TOO_LONG', detail: 'A path segment is longer than this server accepts.' },
};

/** One pure mapping from any thrown value to RFC 9457 problem details; a stack is never in it. */
export function toProblem(error: unknown, request: FastifyRequest): ProblemDetailsDto {
  const base = (status: number, code: string, detail: string) => problemOf(status, code, detail, request.url, String(request.id));

  if (error instanceof DomainError) {
    const problem = base(STATUS_OF_KIND[error.kind], error.code, error.message);
    // Members a client acts on without parsing the text: when what was refused for the time becomes possible.
    const { opensAt, unlocksAt } = error.details ?? {};
    return {
      ...problem,
      ...(typeof opensAt === 'string' ? { opensAt } : {}),
      ...(typeof unlocksAt === 'string' ? { unlocksAt } : {}),
    };
  }
  if (error instanceof HttpProblem) {
    const problem = base(error.status, error.code, error.message);
    return error.errors ? { ...problem, errors: error.errors } : problem;
  }
  // Nest wraps Fastify's parser errors (bad JSON, too large) in an HttpException; look inside.
  const fastifyCode = ((error instanceof HttpException ? error.cause : error) as { code?: string } | undefined)?.code;
  if (fastifyCode && FASTIFY_ERRORS[fastifyCode]) {
    const known = FASTIFY_ERRORS[fastifyCode];
    return base(known.status, known.code, known.detail);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return base(404, 'HTTP.ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    if (status < 500) return base(status, `HTTP.${status}`, error.message);
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return base(status, `HTTP.${status}`, STATUS_CODES[status] ?? 'Bad request');
  }
  return base(500, 'INTERNAL', 'Something went wrong on our side; the request id helps us find it.');
}

function problemOf(status: number, code: string, detail: string, instance: string, requestId: string): ProblemDetailsDto {
  return {
    type: `urn:zhiku:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code,
    detail,
    instance,
    requestId,
  };
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetailsDto, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  void reply.status(problem.status).header('content-type', `${PROBLEM_MEDIA_TYPE}; charset=utf-8`).send(problem);
}

/** When a refusal says the caller may try again later (429, 503), how many seconds from now. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof DomainError) || (error.kind !== 'throttled' && error.kind !== 'unavailable')) return undefined;
  const seconds = error.details?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : 1;
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route, hook or Nest sees the
 * request (a path that is not percent-encoded UTF-8, a segment too long), as problem+json.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendProblem(reply, toProblem(error, request));
}

/** What Node's HTTP parser refuses before there is a request: a line Fastify or Nest never see. */
const CLIENT_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'HTTP.REQUEST_TIMEOUT', detail: 'The request took too long to arrive.' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HTTP.HEADERS_TOO_LARGE', detail: 'The request headers are larger than this server accepts.' },
};
const MALFORMED_REQUEST = {
  status: 400,
  code: 'HTTP.MALFORMED_REQUEST',
  detail: 'The request is not valid HTTP/1.1 (e.g. a NUL or other control character in a header or the path).',
};

/**
 * Fastify's `clientErrorHandler`: the same problem+json as every other refusal, written straight to
 * the socket, which is then closed (as Node and Fastify do: the connection is in an unknown state).
 * There is no request, so `instance` is empty and the request id is minted here.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, detail } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED_REQUEST;
  const body = JSON.stringify(problemOf(status, code, detail, '', randomUUID()));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

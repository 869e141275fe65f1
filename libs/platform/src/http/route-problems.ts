import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { OpenAPIObject, OperationObject, ResponseObject, ResponsesObject } from '@nestjs/swagger';
import { ADMIN_ROUTE_PREFIX, STEP_UP } from '../authz/route-access.decorator.js';
import type { RoutePolicy } from '../authz/route-policies.js';
import { declaredProblems, type ProblemCodes } from './api-problem.decorator.js';
import { IDEMPOTENT_ROUTE } from './idempotency.js';
import { INPUT_LIMITS } from './input-guard.js';
import { PageQueryDto } from './pagination.js';
import { PROBLEM_MEDIA_TYPE } from './problem-details.js';
import { ProblemDetailsDto } from './problem-details.dto.js';
import { PositiveIntegerParam } from './integer-param.pipe.js';
import { KeyParam } from './key-param.pipe.js';
import { UuidParam } from './uuid-param.pipe.js';

const PROBLEM_SCHEMA = { $ref: `#/components/schemas/${ProblemDetailsDto.name}` };

/** What any request can be refused with, whatever its route: its text, its size, the server. */
const ANY_REQUEST: Record<number, ProblemCodes> = {
  400: {
    'HTTP.INVALID_TEXT':
      'Text in the path, query or body is not storable Unicode (a NUL, an unpaired surrogate, or not percent-encoded UTF-8); `errors` names each field',
    'HTTP.INPUT_TOO_LARGE': `The query and body carry more fields and array elements in all than the route takes (${INPUT_LIMITS.maxMembers} unless it says otherwise)`,
    'HTTP.MALFORMED_REQUEST': 'Not valid HTTP/1.1 (e.g. a control character in a header); refused before routing, so `instance` is empty',
  },
  408: { 'HTTP.REQUEST_TIMEOUT': 'The request took too long to arrive; refused before routing' },
  431: { 'HTTP.HEADERS_TOO_LARGE': 'The request headers are larger than this server accepts; refused before routing' },
  500: { INTERNAL: 'An unexpected failure on our side; nothing about it is disclosed but `requestId`, which helps us find it' },
};

/** Fastify parses a body on these methods (never on GET or HEAD), so they can be refused for it. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY: Record<number, ProblemCodes> = {
  400: {
    'HTTP.MALFORMED_JSON': 'The body is not valid JSON, or is empty while declared as JSON',
    'HTTP.BAD_CONTENT_LENGTH': 'Content-Length does not match the body',
    'HTTP.INPUT_TOO_DEEP': `The body nests objects and arrays deeper than ${INPUT_LIMITS.maxDepth} levels`,
  },
  413: { 'HTTP.BODY_TOO_LARGE': 'The body is larger than this server accepts (HTTP_BODY_LIMIT_BYTES)' },
  415: { 'HTTP.UNSUPPORTED_MEDIA_TYPE': 'The body is not application/json' },
};

const PATH_PARAMS: Record<number, ProblemCodes> = {
  414: { 'HTTP.PATH_TOO_LONG': 'A path segment is longer than this server accepts' },
};
const VALIDATED: Record<number, ProblemCodes> = {
  400: { 'HTTP.VALIDATION_FAILED': 'A path parameter, query parameter or body field is missing, unknown or invalid; `errors` lists each' },
};
const PAGED: Record<number, ProblemCodes> = {
  400: { 'HTTP.INVALID_CURSOR': 'The cursor is not one this API issued (pass back `nextCursor` as it came)' },
};
const IDEMPOTENT: Record<number, ProblemCodes> = {
  400: { 'IDEMPOTENCY.KEY_REQUIRED': 'The Idempotency-Key header is missing or malformed' },
  409: { 'IDEMPOTENCY.IN_FLIGHT': 'A request with this Idempotency-Key is still running; retry later with the same key' },
  422: { 'IDEMPOTENCY.KEY_REUSED': 'This Idempotency-Key was already used with a different body' },
};

/** Where a bearer token is read, a bad one is refused; where one is required, so is its absence. */
const BAD_TOKEN: ProblemCodes = {
  'AUTH.INVALID_TOKEN': 'The bearer token is invalid or expired, its session has ended, or its user no longer exists',
};
const NO_TOKEN: ProblemCodes = { 'AUTH.UNAUTHENTICATED': 'No bearer token was sent' };

/** Back-office routes need a session that passed a second factor, within staff hours where set; @StepUp routes a recent second factor. */
function secondFactorProblems(route: RoutePolicy, handler: object): Record<number, ProblemCodes> {
  const codes: Record<string, string> = {};
  if (route.path.startsWith(ADMIN_ROUTE_PREFIX)) {
    codes['AUTH.MFA_REQUIRED'] = 'Staff must sign in with a second factor before any back-office call (set one up at /api/v1/me/mfa/totp)';
    codes['AUTH.OUTSIDE_STAFF_HOURS'] = 'The back office is closed outside the staff hours the operator set (STAFF_HOURS); `opensAt` says when it opens';
  }
  if (Reflect.getMetadata(STEP_UP, handler) === true) {
    codes['AUTH.STEP_UP_REQUIRED'] = 'This action needs a second factor passed within the last minutes: POST /api/v1/auth/step-up, then retry';
  }
  return Object.keys(codes).length === 0 ? {} : { 403: codes };
}

function accessProblems(access: RoutePolicy['access']): Record<number, ProblemCodes> {
  switch (access?.kind) {
    case 'optional':
      return { 401: BAD_TOKEN };
    case 'authenticated':
      return { 401: { ...NO_TOKEN, ...BAD_TOKEN } };
    case 'policy':
      return {
        401: { ...NO_TOKEN, ...BAD_TOKEN },
        403: { 'AUTHZ.FORBIDDEN': `The caller's roles do not allow them to ${access.action} ${access.subject}` },
      };
    case 'public':
      return {}; // never reads a token
    default: // declares nothing: the guard denies it to everyone
      return { 403: { 'AUTHZ.NO_POLICY': 'This route declares no access, so it is denied to everyone' } };
  }
}

/** The arguments a handler takes from the request, as Nest's route decorators recorded them. */
interface RouteArgument {
  readonly source: RouteParamtypes;
  readonly metatype: unknown;
  readonly pipes: readonly unknown[];
}

function argumentsOf(route: RoutePolicy): RouteArgument[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.handlerName) ?? {}) as Record<
    string,
    { index: number; pipes?: unknown[] }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', route.controller.prototype, route.handlerName) ?? []) as unknown[];
  // Keys are `<paramtype>:<index>`; custom decorators (@RequestContext…) have other keys and no source.
  return Object.entries(args).map(([key, arg]) => ({ source: Number(key.split(':')[0]), metatype: types[arg.index], pipes: arg.pipes ?? [] }));
}

/** The global ValidationPipe checks body, query and path arguments typed with a class, not these. */
const UNVALIDATED_TYPES = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer, Date]);
const REQUEST_INPUTS = new Set([RouteParamtypes.BODY, RouteParamtypes.QUERY, RouteParamtypes.PARAM]);

/** Our parameter pipes, which refuse with HTTP.VALIDATION_FAILED like the ValidationPipe. */
const CHECKING_PIPES = [UuidParam, PositiveIntegerParam, KeyParam];

const isDto = (metatype: unknown): metatype is abstract new () => unknown =>
  typeof metatype === 'function' && !UNVALIDATED_TYPES.has(metatype);

function validates(args: readonly RouteArgument[]): boolean {
  return args.some(
    ({ source, metatype, pipes }) =>
      REQUEST_INPUTS.has(source) && (isDto(metatype) || pipes.some((pipe) => CHECKING_PIPES.some((checking) => pipe === checking || pipe instanceof checking))),
  );
}

/** A query DTO built on PageQueryDto carries a cursor, which the list decodes (decodeCursor). */
function pages(args: readonly RouteArgument[]): boolean {
  return args.some(
    ({ source, metatype }) =>
      source === RouteParamtypes.QUERY && isDto(metatype) && (metatype === PageQueryDto || metatype.prototype instanceof PageQueryDto),
  );
}

/**
 * Every problem a route can answer, by status: what any request, any body, any path parameter,
 * its validated arguments, its cursor, its access and its Idempotency-Key can be refused with,
 * plus what the route itself declared with @ApiProblem (its meaning wins where both name a code).
 */
function problemsOf(route: RoutePolicy): Map<number, ProblemCodes> {
  const args = argumentsOf(route);
  const handler = route.controller.prototype[route.handlerName] as object;
  const parts: Record<number, ProblemCodes>[] = [
    ANY_REQUEST,
    BODY_METHODS.has(route.method) ? BODY : {},
    /\/:/.test(route.path) ? PATH_PARAMS : {},
    validates(args) ? VALIDATED : {},
    pages(args) ? PAGED : {},
    accessProblems(route.access),
    secondFactorProblems(route, handler),
    Reflect.getMetadata(IDEMPOTENT_ROUTE, handler) === true ? IDEMPOTENT : {},
    ...declaredProblems(handler).map(({ status, codes }) => ({ [status]: codes })),
  ];
  const problems = new Map<number, ProblemCodes>();
  for (const part of parts) {
    for (const [status, codes] of Object.entries(part)) {
      problems.set(Number(status), { ...problems.get(Number(status)), ...codes });
    }
  }
  return problems;
}

/** One error response: problem+json whose `code` is narrowed to the codes this status can carry here. */
function problemResponse(status: number, codes: ProblemCodes): ResponseObject {
  const names = Object.keys(codes).sort();
  return {
    description: names.map((code) => `- \`${code}\`: ${codes[code]}`).join('\n'),
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: {
          allOf: [PROBLEM_SCHEMA, { type: 'object', properties: { status: { enum: [status] }, code: { type: 'string', enum: names } } }],
        },
      },
    },
  };
}

/**
 * Writes every route's error responses into the document, in place, from problemsOf. Error
 * responses come only from here: a route that declares one some other way (`@ApiNotFoundResponse`…)
 * fails the build, so there is one way to document them. The document must include
 * ProblemDetailsDto (`extraModels`).
 */
export function documentProblems(document: OpenAPIObject, routes: readonly RoutePolicy[]): void {
  if (!document.components?.schemas?.[ProblemDetailsDto.name]) {
    throw new Error(`documentProblems: pass ${ProblemDetailsDto.name} in extraModels so error responses can refer to it`);
  }
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = (document.paths[path] as Record<string, OperationObject> | undefined)?.[route.method.toLowerCase()];
    if (!operation) throw new Error(`documentProblems: ${route.method} ${path} is not in the document`);
    const elsewhere = Object.keys(operation.responses).filter((status) => !/^[123]/.test(status));
    if (elsewhere.length > 0) {
      throw new Error(`${route.method} ${path} documents ${elsewhere.join(', ')} without @ApiProblem: declare error responses with @ApiProblem`);
    }
    const responses: ResponsesObject = { ...operation.responses };
    for (const [status, codes] of problemsOf(route)) responses[status] = problemResponse(status, codes);
    operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  }
}

import type { DynamicModule } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { errorCodes } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  answerClientError,
  answerFrameworkError,
  type AppConfig,
  type Clock,
  createValidationPipe,
  DocsAccess,
  drainUnreadBody,
  findInputProblem,
  inputLimitsOf,
  ProblemDetailsFilter,
  requestScope,
  ZhikuLogger,
} from '#platform';
import { ACCEPTED_TYPES } from '#media';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument } from './openapi.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** How much of a refused body we still read, so the client can read the refusal (see drainUnreadBody). */
const DRAIN_BODY_LIMIT_FACTOR = 8;
const DRAIN_BODY_MS = 5_000;

export interface ApiOptions {
  /** Extra modules mounted beside the app's own (tests use it to prove the guard denies undeclared routes). */
  readonly extraImports?: DynamicModule[];
  /** The time every rule reads; the system clock unless a test brings one it can move. */
  readonly clock?: Clock;
}

/** Where payment providers post their notifications (the one place a form body is taken). */
const PAYMENT_NOTIFICATIONS = '/api/v1/webhooks/payments/';
/** Where the local media store receives uploads (the one place a body of any type is taken, unread). */
const MEDIA_UPLOADS = '/api/v1/media/uploads/';
const UPLOADABLE_TYPES = new Set(Object.values(ACCEPTED_TYPES).flatMap((types) => Object.keys(types)));

/** Builds the api exactly as production runs it; tests call this too, then `inject()`. */
export async function createApi(config: AppConfig, options: ApiOptions = {}): Promise<NestFastifyApplication> {
  const logger = new ZhikuLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: config.httpBodyLimitBytes,
    trustProxy: false,
    // Keep a caller's X-Request-Id if it is sane, else mint one.
    genReqId: (request: IncomingMessage) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    // Refusals that happen before Nest sees a request are problem+json too: the router's (a path
    // that is not UTF-8) and Node's HTTP parser's (a NUL in a header). This replaces the adapter's
    // own frameworkErrors, whose only extra is Nest's security-headers hook, which we do not use.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options.extraImports, options.clock), adapter, {
    rawBody: true, // webhook signatures are computed over the exact bytes received
    bodyParser: false, // the JSON parser alone is registered below
    logger,
    abortOnError: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only: without Fastify's text/plain parser and Nest's form parser, every
  // other body is a 415 instead of reaching validation as strings.
  fastify.removeAllContentTypeParsers();
  app.useBodyParser('application/json', { bodyLimit: config.httpBodyLimitBytes });
  // Alipay posts its notifications as a form: kept as raw bytes for its adapter to verify, on the
  // payment-notification route only; anywhere else a form is still a 415.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: config.httpBodyLimitBytes }, (request, body, done) => {
    if (!request.url.startsWith(PAYMENT_NOTIFICATIONS)) {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(String(request.headers['content-type'])), undefined);
      return;
    }
    (request as unknown as { rawBody: Buffer }).rawBody = body as Buffer;
    done(null, {});
  });
  // A media upload to the local store carries the bytes of a type media accepts: left unread here (so
  // no body limit applies), the handler streams them to disk within the declared size. Else: a 415.
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    if (request.method === 'PUT' && request.url.startsWith(MEDIA_UPLOADS) && UPLOADABLE_TYPES.has(String(request.headers['content-type']))) {
      done(null, undefined);
      return;
    }
    done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(String(request.headers['content-type'])), undefined);
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestScope.run({ requestId: String(request.id) }, done);
  });
  // Before Nest's guards, pipes and handlers: text PostgreSQL cannot store, and bodies too deep or
  // too wide to validate cheaply, are a 400 here, for anonymous callers and webhooks alike.
  fastify.addHook('preValidation', async (request) => {
    const problem = findInputProblem(request, inputLimitsOf(request.routeOptions.config));
    if (problem) throw problem;
  });
  // A refusal decided before the body was read (413, 415) waits until the client has sent it.
  fastify.addHook('onError', async (request, reply) => {
    const drained = await drainUnreadBody(request.raw, {
      maxBytes: DRAIN_BODY_LIMIT_FACTOR * config.httpBodyLimitBytes,
      maxMs: DRAIN_BODY_MS,
    });
    if (!drained) void reply.header('connection', 'close');
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    requestScope.run({ requestId: String(request.id) }, () => {
      logger.log(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`, 'Http');
    });
    done();
  });

  if (config.apiDocs !== 'off') {
    const docs = app.get(DocsAccess);
    // Swagger's routes are Fastify's, not Nest's: the access guard does not see them, so this hook does.
    fastify.addHook('onRequest', async (request, reply) => {
      if (!/^\/docs(\/|-json|$|\?)/.test(request.url) || (await docs.allows(request.headers.authorization))) return;
      // Refused exactly as if the docs were off: whether they exist is not told either.
      reply.callNotFound();
      return reply;
    });
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  }
  await app.init();
  return app;
}

import type { DynamicModule } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type AppConfig,
  createValidationPipe,
  ProblemDetailsFilter,
  requestScope,
  ZhikuLogger,
} from '#platform';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument } from './openapi.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface ApiOptions {
  /** Extra modules mounted beside the app's own (tests use it to prove the guard denies undeclared routes). */
  readonly extraImports?: DynamicModule[];
}

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
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options.extraImports), adapter, {
    rawBody: true, // webhook signatures are computed over the exact bytes received
    logger,
    abortOnError: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only: other bodies get 415 instead of reaching validation as strings.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestScope.run({ requestId: String(request.id) }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    requestScope.run({ requestId: String(request.id) }, () => {
      logger.log(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`, 'Http');
    });
    done();
  });

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  await app.init();
  return app;
}

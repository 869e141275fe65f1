import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { retryAfterOf, sendProblem, toProblem } from './problem-details.js';

/** Every error a handler, guard, pipe or interceptor throws leaves as problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(error, request);
    // Our faults are logged with their stack (once, here); the client gets only the request id.
    if (problem.code === 'INTERNAL') {
      this.logger.error(`unhandled error on ${request.method} ${request.url}`, (error as Error)?.stack ?? String(error));
    }
    sendProblem(http.getResponse<FastifyReply>(), problem, retryAfterOf(error));
  }
}

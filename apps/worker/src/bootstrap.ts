import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AppConfig, type Clock, ZhikuLogger } from '#platform';
import { WorkerModule } from './worker.module.js';

export interface WorkerOptions {
  /** Extra modules mounted beside the worker's own (tests use it to add subscribers). */
  readonly extraImports?: DynamicModule[];
  /** The time every rule reads; the system clock unless a test brings one it can move. */
  readonly clock?: Clock;
}

/** Builds and starts the worker exactly as production runs it; tests call this too. main.ts handles the signals. */
export async function createWorker(config: AppConfig, options: WorkerOptions = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options.extraImports, options.clock), {
    logger: new ZhikuLogger(config.logLevel),
    abortOnError: false,
  });
  await app.init();
  return app;
}

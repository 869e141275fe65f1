import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AppConfig, ZhikuLogger } from '#platform';
import { WorkerModule } from './worker.module.js';

/** Builds and starts the worker exactly as production runs it; tests call this too. main.ts handles the signals. */
export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new ZhikuLogger(config.logLevel),
    abortOnError: false,
  });
  await app.init();
  return app;
}

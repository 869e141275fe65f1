import {
  type BeforeApplicationShutdown,
  type INestApplicationContext,
  Injectable,
  type LoggerService,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeWithin, exitOnSignals } from './shutdown.js';

@Injectable()
class ClosesPromptly implements OnApplicationShutdown {
  closed = false;
  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
    this.closed = true;
  }
}

/** Like a client waiting for an answer from a dependency that is gone. */
@Injectable()
class WaitsForever implements BeforeApplicationShutdown {
  beforeApplicationShutdown(): Promise<void> {
    return new Promise(() => undefined);
  }
}

@Module({ providers: [ClosesPromptly] })
class HealthyModule {}

@Module({ providers: [ClosesPromptly, WaitsForever] })
class StuckModule {}

const start = (module: typeof HealthyModule | typeof StuckModule) =>
  NestFactory.createApplicationContext(module, { logger: false, abortOnError: false });

/** A logger that keeps its lines, and an exit that records its code instead of ending the test run. */
function processDoubles() {
  const lines: string[] = [];
  const logger: LoggerService = {
    log: (message: string) => lines.push(`LOG ${message}`),
    error: (message: string) => lines.push(`ERROR ${message}`),
    warn: (message: string) => lines.push(`WARN ${message}`),
  };
  const codes: number[] = [];
  const waiters: Array<() => void> = [];
  const exit = (code: number) => {
    codes.push(code);
    waiters.splice(0).forEach((wake) => wake());
  };
  const nextExit = () => new Promise<void>((resolve) => waiters.push(resolve));
  return { lines, logger, codes, exit, nextExit };
}

describe('closing within a deadline', () => {
  it('closes an app whose hooks finish, and says so', async () => {
    const app = await start(HealthyModule);
    const outcome = await closeWithin(app, 1000);
    expect(outcome).toMatchObject({ closed: true, pending: [] });
    expect(app.get(ClosesPromptly).closed).toBe(true);
  });

  it('gives up on a hook that never finishes, and names it', async () => {
    const app = await start(StuckModule);
    const started = Date.now();
    const outcome = await closeWithin(app, 300);
    expect(outcome.closed).toBe(false);
    expect(outcome.pending).toEqual(['WaitsForever.beforeApplicationShutdown']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });
});

describe('exiting on SIGTERM and SIGINT', () => {
  let stopListening: (() => void) | undefined;
  afterEach(() => stopListening?.());

  const listen = (app: INestApplicationContext, doubles: ReturnType<typeof processDoubles>, timeoutMs: number) => {
    stopListening = exitOnSignals(app, { timeoutMs, logger: doubles.logger, exit: doubles.exit });
  };

  it('exits 0 once the app has closed', async () => {
    const app = await start(HealthyModule);
    const doubles = processDoubles();
    listen(app, doubles, 1000);
    const exited = doubles.nextExit();
    process.kill(process.pid, 'SIGTERM');
    await exited;
    expect(doubles.codes).toEqual([0]);
    expect(app.get(ClosesPromptly).closed).toBe(true);
    expect(doubles.lines[0]).toBe('LOG SIGTERM: closing (at most 1000 ms)');
    expect(doubles.lines[1]).toMatch(/^LOG closed in \d+ ms$/);
  });

  it('exits 1 at the deadline, naming what was still running', async () => {
    const app = await start(StuckModule);
    const doubles = processDoubles();
    listen(app, doubles, 300);
    const exited = doubles.nextExit();
    process.kill(process.pid, 'SIGINT');
    await exited;
    expect(doubles.codes).toEqual([1]);
    expect(doubles.lines.at(-1)).toBe(
      'ERROR not closed after 300 ms; still running: WaitsForever.beforeApplicationShutdown; exiting anyway',
    );
  });

  it('exits at once on a second signal', async () => {
    const app = await start(StuckModule);
    const doubles = processDoubles();
    listen(app, doubles, 1000);
    const closing = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
    process.kill(process.pid, 'SIGTERM');
    await closing;
    const again = Date.now();
    const exited = doubles.nextExit();
    process.kill(process.pid, 'SIGTERM');
    await exited;
    expect(doubles.codes).toEqual([143]);
    expect(Date.now() - again).toBeLessThan(500);
    expect(doubles.lines.at(-1)).toBe('ERROR SIGTERM again: exiting without waiting for the close to finish');
    await doubles.nextExit(); // the first signal's deadline, which a real exit would never reach
  });
});

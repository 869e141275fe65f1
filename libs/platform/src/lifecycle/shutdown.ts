import { type INestApplicationContext, Logger, type LoggerService } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';

export interface ShutdownOutcome {
  /** Whether the app finished closing before the deadline. */
  readonly closed: boolean;
  readonly elapsedMs: number;
  /** Lifecycle hooks still running when the deadline passed, as `Provider.hook`. */
  readonly pending: readonly string[];
  /** What closing threw, if it failed. */
  readonly error?: unknown;
}

/**
 * Closes a Nest app, but waits at most `timeoutMs`: a hook stuck on a dead dependency must not
 * keep the process alive. Says which hooks were still running if the deadline passed.
 */
export async function closeWithin(app: INestApplicationContext, timeoutMs: number): Promise<ShutdownOutcome> {
  const running = traceShutdownHooks(app);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), timeoutMs);
  });
  try {
    const result = await Promise.race([app.close().then(() => 'closed' as const), deadline]);
    return { closed: result === 'closed', elapsedMs: elapsed(), pending: [...running] };
  } catch (error) {
    return { closed: false, elapsedMs: elapsed(), pending: [...running], error };
  } finally {
    clearTimeout(timer);
  }
}

export interface SignalExitOptions {
  /** The deadline for closing, after which the process exits anyway. */
  readonly timeoutMs: number;
  readonly logger?: LoggerService;
  /** Ends the process; tests pass their own. */
  readonly exit?: (code: number) => void;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM or SIGINT, closes the app and exits: 0 once it has closed, 1 if closing failed or
 * missed the deadline (the log names what was still running). A second signal exits at once.
 * Returns a function that stops listening.
 */
export function exitOnSignals(app: INestApplicationContext, options: SignalExitOptions): () => void {
  const { timeoutMs, logger = new Logger('Shutdown'), exit = (code: number) => process.exit(code) } = options;
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.error(`${signal} again: exiting without waiting for the close to finish`);
      exit(128 + constants.signals[signal]);
      return;
    }
    closing = true;
    logger.log(`${signal}: closing (at most ${timeoutMs} ms)`);
    void closeWithin(app, timeoutMs).then(({ closed, elapsedMs, pending, error }) => {
      if (closed) {
        logger.log(`closed in ${elapsedMs} ms`);
        return exit(0);
      }
      const still = pending.length > 0 ? pending.join(', ') : 'no lifecycle hook (open HTTP requests, or Nest itself)';
      if (error !== undefined) logger.error(`closing failed after ${elapsedMs} ms (${messageOf(error)}); still running: ${still}`);
      else logger.error(`not closed after ${timeoutMs} ms; still running: ${still}; exiting anyway`);
      exit(1);
    });
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}

const SHUTDOWN_HOOKS = ['onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown'] as const;

/**
 * Nest runs the shutdown hooks module after module and says nothing about one that hangs. For
 * this shutdown, wrap every provider's hooks so that the set returned holds the ones running now.
 */
function traceShutdownHooks(app: INestApplicationContext): Set<string> {
  const running = new Set<string>();
  const wrapped = new WeakSet<object>();
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of [...module.providers.values(), ...module.controllers.values(), ...module.injectables.values()]) {
      const instance = wrapper.instance as Record<string, unknown> | null | undefined;
      if (typeof instance !== 'object' || instance === null || wrapped.has(instance)) continue;
      wrapped.add(instance);
      for (const hook of SHUTDOWN_HOOKS) {
        const original = instance[hook];
        if (typeof original !== 'function') continue;
        const name = `${String(wrapper.name)}.${hook}`;
        instance[hook] = async (...args: unknown[]) => {
          running.add(name);
          try {
            return await original.apply(instance, args);
          } finally {
            running.delete(name);
          }
        };
      }
    }
  }
  return running;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context.js';

const LEVELS: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Nest's console logger with the request id in every line written while serving a request. */
export class ZhikuLogger extends ConsoleLogger {
  constructor(level: keyof typeof LEVELS) {
    super({ logLevels: LEVELS[level], colors: false });
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    const requestId = currentRequestId();
    const tag = requestId ? `[req ${requestId}] ` : '';
    return super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, `${contextMessage}${tag}`, timestampDiff);
  }
}

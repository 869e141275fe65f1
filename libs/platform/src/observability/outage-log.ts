import { Logger, type LoggerService } from '@nestjs/common';
import { requestScope } from './request-context.js';

/**
 * Two log lines per outage of a dependency, however many connections fail and retry: one when the
 * first connection fails, one when any connection works again. Clients retry on their own every
 * second or so; a line per retry would bury everything else in the log.
 */
export class OutageLog {
  private downSince: number | null = null;
  private readonly consequences = new Set<string>();

  constructor(
    private readonly dependency: string,
    private readonly address: string,
    private readonly logger: LoggerService = new Logger('Outage'),
  ) {}

  /** Something this process stops doing while the dependency is down; the first line says it. */
  affects(consequence: string): void {
    this.consequences.add(consequence);
  }

  get isDown(): boolean {
    return this.downSince !== null;
  }

  /** A connection failed. The first failure starts the outage and is logged; the retries are not. */
  failed(error: unknown): void {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    const effects = [...this.consequences, 'retrying until it is back'].join(', ');
    this.write(() => this.logger.error(`${this.dependency} unreachable at ${this.address} (${reasonOf(error)}): ${effects}`));
  }

  /** A connection works. If an outage was going on, it is over. */
  recovered(): void {
    if (this.downSince === null) return;
    const seconds = (Date.now() - this.downSince) / 1000;
    this.downSince = null;
    this.write(() => this.logger.log(`${this.dependency} reachable again after ${seconds.toFixed(1)} s`));
  }

  /** A connection opened while serving a request carries that request along; the outage is not part of it. */
  private write(line: () => void): void {
    requestScope.exit(line);
  }
}

/** The short why of a connection failure: the system error code when there is one. */
function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : String(error);
}

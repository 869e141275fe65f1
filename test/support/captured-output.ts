import { format } from 'node:util';

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug'] as const;

export interface CapturedOutput {
  readonly lines: readonly string[];
  count(pattern: RegExp): number;
  /** All lines, for an assertion message. */
  dump(): string;
  restore(): void;
}

/**
 * Keeps, instead of printing, every line the test process writes: Nest's loggers write to
 * process.stdout/stderr, while ioredis ("Unhandled error event") and BullMQ use the console.
 */
export function captureOutput(): CapturedOutput {
  const lines: string[] = [];
  const record = (text: string) => lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const consoleMethods = CONSOLE.map((method) => console[method]);
  const keep = ((chunk: string | Uint8Array) => {
    record(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = keep;
  process.stderr.write = keep;
  for (const method of CONSOLE) console[method] = (...args: unknown[]) => record(format(...args));
  return {
    lines,
    count: (pattern) => lines.filter((line) => pattern.test(line)).length,
    dump: () => lines.join('\n'),
    restore: () => {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
      CONSOLE.forEach((method, index) => (console[method] = consoleMethods[index]!));
    },
  };
}

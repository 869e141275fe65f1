import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { hostname, userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { type AppConfig, type CommandContext, DataKeyRotation, PLATFORM_SECRETS, type PlatformSecrets, PlatformModule, ROLES, type Role } from '#platform';
import { GrantRolesByOperator } from '#identity';
import { IMPORT_FORMATS, ImportActivity, type ImportFormat } from '#analytics';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Transform } from 'node:stream';
import { DOMAIN_CORE_MODULES } from '../../../domain-modules.js';

/** What `npm run zhiku -- …` can do, for its help text. */
export const USAGE = `usage: npm run zhiku -- <command>

  users grant-role <email> <role> [<role> …]   grant roles to an existing account (audited); roles: ${ROLES.join(', ')}
  secrets show sandbox-webhook                 print the sandbox payment provider's signing secret
                                               (the one generated for this database when SANDBOX_WEBHOOK_SECRET is unset)
  secrets rotate-data-key                      re-encrypt every encrypted field under DATA_ENCRYPTION_KEY (set the new key,
                                               move the old one to DATA_PREVIOUS_ENCRYPTION_KEYS, run this, then drop the old one)

  import <file> [--format csv|jsonl|xml] [--time-zone <zone>]
                                               stream users' historical activity into the analytics raw table
                                               (format from the file's extension unless given; see README "Analytics")`;

/** A command the operator got wrong: the message and the usage are shown, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

@Module({})
class OperatorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: OperatorModule, imports: [PlatformModule.forRoot(config, 'cli'), ...DOMAIN_CORE_MODULES] };
  }
}

/** Where an import's progress goes: a bar on a terminal's stderr, nothing otherwise. */
export type ImportProgressSink = (bytes: number, totalBytes: number, rows: number) => void;

const terminalProgress: ImportProgressSink = (bytes, totalBytes, rows) => {
  if (!process.stderr.isTTY) return;
  const share = totalBytes === 0 ? 1 : Math.min(1, bytes / totalBytes);
  const width = 30;
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
  process.stderr.write(`\r[${bar}] ${(share * 100).toFixed(0).padStart(3)} %  ${rows.toLocaleString('en')} rows`);
};

/** Runs one operator command against the configured database; returns what to print. */
export async function runOperatorCommand(args: readonly string[], config: AppConfig, progress: ImportProgressSink = terminalProgress): Promise<string> {
  if (args[0] === 'import') return importFile(args.slice(1), config, progress);
  const [noun, verb, ...rest] = args;
  const command = `${noun ?? ''} ${verb ?? ''}`.trim();
  const commands = ['users grant-role', 'secrets show', 'secrets rotate-data-key'];
  if (!commands.includes(command)) throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  if (command === 'users grant-role') {
    const [email, ...roles] = rest;
    if (!email || roles.length === 0) throw new UsageError('users grant-role needs an email and at least one role');
    const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
    if (unknown.length > 0) throw new UsageError(`unknown role: ${unknown.join(', ')}`);
  }
  if (command === 'secrets show' && (rest.length !== 1 || rest[0] !== 'sandbox-webhook')) {
    throw new UsageError('secrets show knows one secret: sandbox-webhook');
  }

  const app = await NestFactory.createApplicationContext(OperatorModule.forRoot(config), { logger: ['error'], abortOnError: false });
  try {
    if (command === 'secrets show') return app.get<PlatformSecrets>(PLATFORM_SECRETS).sandboxWebhookSecret;
    if (command === 'secrets rotate-data-key') {
      const counts = await app.get(DataKeyRotation).run();
      return Object.entries(counts)
        .map(([column, count]) => `${column}: ${count} re-encrypted`)
        .join('\n');
    }
    const [email, ...roles] = rest as [string, ...Role[]];
    const context: CommandContext = {
      actor: null,
      requestId: `cli-${randomUUID()}`,
      clientIp: null,
      operator: `${userInfo().username}@${hostname()}`,
    };
    const granted = await app.get(CommandBus).execute(new GrantRolesByOperator(email, roles, context));
    return `${email} (user ${granted.userId}) now holds: ${granted.roles.join(', ')}`;
  } finally {
    await app.close();
  }
}

const FORMAT_OF_EXTENSION: Record<string, ImportFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.xml': 'xml' };

/** `import <file> [--format f] [--time-zone z]`: streams the file into the raw table, a progress bar on the terminal. */
async function importFile(args: readonly string[], config: AppConfig, progress: ImportProgressSink): Promise<string> {
  const [file, ...options] = args;
  if (!file) throw new UsageError('import needs a file');
  const option = (name: string) => {
    const index = options.indexOf(name);
    return index === -1 ? undefined : options[index + 1];
  };
  const format = (option('--format') ?? FORMAT_OF_EXTENSION[extname(file).toLowerCase()]) as ImportFormat | undefined;
  if (!format || !(IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`import needs --format ${IMPORT_FORMATS.join('|')} (the extension of ${file} does not say)`);
  }
  const totalBytes = (await stat(file).catch(() => {
    throw new UsageError(`no such file: ${file}`);
  })).size;
  let bytes = 0;
  let rows = 0;
  const counted = createReadStream(file).pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    }),
  );
  const app = await NestFactory.createApplicationContext(OperatorModule.forRoot(config), { logger: ['error'], abortOnError: false });
  try {
    const context: CommandContext = { actor: null, requestId: `cli-${randomUUID()}`, clientIp: null, operator: `${userInfo().username}@${hostname()}` };
    const receipt = await app.get(CommandBus).execute(
      new ImportActivity(context, counted, format, option('--time-zone') ?? null, (stored) => {
        rows = stored;
        progress(bytes, totalBytes, rows);
      }),
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    return `imported ${receipt.rows} rows from ${file} as ${receipt.source}; cleansing takes them with its next batches`;
  } finally {
    await app.close();
  }
}

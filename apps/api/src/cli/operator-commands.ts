import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { hostname, userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { type AppConfig, type CommandContext, DataKeyRotation, PLATFORM_SECRETS, type PlatformSecrets, PlatformModule, ROLES, type Role } from '#platform';
import { GrantRolesByOperator } from '#identity';
import { DOMAIN_CORE_MODULES } from '../../../domain-modules.js';

/** What `npm run zhiku -- …` can do, for its help text. */
export const USAGE = `usage: npm run zhiku -- <command>

  users grant-role <email> <role> [<role> …]   grant roles to an existing account (audited); roles: ${ROLES.join(', ')}
  secrets show sandbox-webhook                 print the sandbox payment provider's signing secret
                                               (the one generated for this database when SANDBOX_WEBHOOK_SECRET is unset)
  secrets rotate-data-key                      re-encrypt every encrypted field under DATA_ENCRYPTION_KEY (set the new key,
                                               move the old one to DATA_PREVIOUS_ENCRYPTION_KEYS, run this, then drop the old one)`;

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

/** Runs one operator command against the configured database; returns what to print. */
export async function runOperatorCommand(args: readonly string[], config: AppConfig): Promise<string> {
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

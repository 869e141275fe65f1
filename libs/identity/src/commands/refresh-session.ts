import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { sessionDecider } from '../domain/session.js';
import { UserRecord } from '../projections/user.record.js';
import { type IssuedTokens, SessionTokens } from './session-tokens.js';

export class RefreshSession extends Command<IssuedTokens> {
  constructor(
    readonly refreshToken: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Rotates the refresh token; a replayed old token revokes the whole session. */
@CommandHandler(RefreshSession)
export class RefreshSessionHandler implements ICommandHandler<RefreshSession> {
  constructor(
    private readonly decisions: Decisions,
    private readonly tokens: SessionTokens,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: RefreshSession): Promise<IssuedTokens> {
    const parsed = this.tokens.parse(command.refreshToken);
    if (!parsed) throw IdentityErrors.invalidRefreshToken();
    const next = this.tokens.newSecret();
    const now = new Date();
    const result = await this.dataSource.transaction(async (tx) => {
      const decided = await this.decisions.execute(sessionDecider, {
        streamId: `session-${parsed.sessionId}`,
        streamType: 'session',
        context: command.context,
        command: {
          type: 'RefreshSession',
          presentedGeneration: await this.tokens.generationOf(parsed.sessionId, parsed.secret, tx),
          newExpiresAt: this.tokens.refreshExpiry(now),
          now: now.toISOString(),
        },
        manager: tx,
      });
      if (decided.state.status === 'active') await this.tokens.record(parsed.sessionId, decided.state.generation, next, tx);
      return decided;
    });
    // A reuse revoked the family: that is committed, and the caller is refused.
    if (result.state.status !== 'active') throw IdentityErrors.invalidRefreshToken();
    // Roles are read fresh: a grant takes effect at the next refresh.
    const user = await this.users.findOneBy({ id: result.state.userId });
    if (!user) throw IdentityErrors.invalidRefreshToken();
    return this.tokens.issue(user.id, user.roles, parsed.sessionId, next);
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CommandContext, Decisions, type Role } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { sessionDecider } from '../domain/session.js';
import { type IssuedTokens, SessionTokens } from './session-tokens.js';

export class RefreshSession extends Command<IssuedTokens> {
  constructor(
    readonly refreshToken: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Rotates the refresh token. Refreshes of one session take turns (its token rows are locked), so
 * ten parallel refreshes with one token make one rotation, and the other nine — within the grace
 * window — get the very same new tokens. A rotated-away token presented later revokes the session.
 */
@CommandHandler(RefreshSession)
export class RefreshSessionHandler implements ICommandHandler<RefreshSession> {
  constructor(
    private readonly decisions: Decisions,
    private readonly tokens: SessionTokens,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: RefreshSession): Promise<IssuedTokens> {
    const parsed = this.tokens.parse(command.refreshToken);
    if (!parsed) throw IdentityErrors.invalidRefreshToken();
    const { sessionId, secret } = parsed;
    const now = new Date();
    const answer = await this.dataSource.transaction(async (tx) => {
      await this.tokens.lock(sessionId, tx);
      const presentedGeneration = await this.tokens.generationOf(sessionId, secret, tx);
      const decided = await this.decisions.execute(sessionDecider, {
        streamId: `session-${sessionId}`,
        streamType: 'session',
        context: command.context,
        command: {
          type: 'RefreshSession',
          presentedGeneration,
          newExpiresAt: this.tokens.refreshExpiry(now),
          now: now.toISOString(),
          graceSeconds: this.tokens.graceSeconds,
        },
        manager: tx,
      });
      // A reuse revoked the family: that must commit, and the caller is refused afterwards.
      if (decided.state.status !== 'active') return null;
      if (decided.events.length === 0) return this.tokens.answeredWith(sessionId, decided.state.generation, secret, tx);
      // Roles are read fresh: a grant takes effect at the next refresh.
      const [user]: { roles: Role[] }[] = await tx.query(`SELECT identity_roles_now(roles, role_expiries) AS roles FROM identity_users WHERE id = $1 AND suspended_at IS NULL`, [
        decided.state.userId,
      ]);
      if (!user) return null;
      const next = this.tokens.newSecret();
      const tokens = await this.tokens.issue(decided.state.userId, user.roles, sessionId, next, decided.state.mfaAt);
      await this.tokens.record(sessionId, decided.state.generation, next, tx, { tokens, replacedSecret: secret });
      return tokens;
    });
    if (!answer) throw IdentityErrors.invalidRefreshToken();
    return answer;
  }
}

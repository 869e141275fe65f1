import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CommandContext, Decisions, type Role } from '#platform';
import { sessionDecider } from '../domain/session.js';
import { type IssuedTokens, SessionTokens } from './session-tokens.js';

/** Starts a new session (a new token family) for a user who has just proved who they are. */
@Injectable()
export class SessionStarter {
  constructor(
    private readonly decisions: Decisions,
    private readonly tokens: SessionTokens,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** `mfaAt`: when the sign-in passed a second factor, or null when it did not. */
  async start(user: { id: string }, context: CommandContext, mfaAt: Date | null): Promise<IssuedTokens> {
    const sessionId = this.tokens.newSessionId();
    const secret = this.tokens.newSecret();
    const roles = await this.dataSource.transaction(async (tx) => {
      const [{ roles }]: { roles: Role[] }[] = await tx.query(`SELECT identity_roles_now(roles, role_expiries) AS roles FROM identity_users WHERE id = $1`, [
        user.id,
      ]);
      await this.decisions.execute(sessionDecider, {
        streamId: `session-${sessionId}`,
        streamType: 'session',
        context: { ...context, actor: { userId: user.id, roles } },
        command: {
          type: 'StartSession',
          sessionId,
          userId: user.id,
          expiresAt: this.tokens.refreshExpiry(new Date()),
          mfaAt: mfaAt?.toISOString() ?? null,
        },
        manager: tx,
      });
      await this.tokens.record(sessionId, 1, secret, tx);
      return roles;
    });
    return this.tokens.issue(user.id, roles, sessionId, secret, mfaAt?.toISOString() ?? null);
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { IdentityMails } from '../credentials/identity-mails.js';
import { CHALLENGE_SECONDS, MfaChallenges } from '../credentials/mfa-challenges.js';
import { OneTimeTokens } from '../credentials/one-time-tokens.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import type { ExternalSignInRefused } from '../domain/identity-events.js';
import { userDecider } from '../domain/user.js';
import { OidcProviders, type ProvedIdentity } from '../oidc/oidc-providers.js';
import { OidcSignIns } from '../oidc/oidc-sign-ins.js';
import { UserRecord } from '../projections/user.record.js';
import { SecurityLog } from '../security/security-log.js';
import type { MfaChallenge } from './log-in.js';
import { SessionStarter } from './session-starter.js';
import type { IssuedTokens } from './session-tokens.js';

/** What the provider's redirect back leads to: tokens, the second step of a sign-in, or a provider account linked from /me. */
export type OidcOutcome = IssuedTokens | MfaChallenge | { linked: true };

/** The browser came back from the provider (`query`: the redirect's query string, with `code` and `state`). */
export class CompleteOidcSignIn extends Command<OidcOutcome> {
  constructor(
    readonly provider: string,
    readonly query: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Takes the pending sign-in of the returned state (once), redeems the code and verifies the ID
 * token, then signs in the account this provider account belongs to. A provider account not linked
 * yet links to the account with the same email only if both sides verified that email (otherwise
 * whoever registered someone's email first would receive their provider sign-in), or registers a new
 * account. A second factor set up on the account is still asked for, as after a password.
 */
@CommandHandler(CompleteOidcSignIn)
export class CompleteOidcSignInHandler implements ICommandHandler<CompleteOidcSignIn> {
  constructor(
    private readonly providers: OidcProviders,
    private readonly signIns: OidcSignIns,
    private readonly decisions: Decisions,
    private readonly sessions: SessionStarter,
    private readonly challenges: MfaChallenges,
    private readonly securityLog: SecurityLog,
    private readonly oneTimeTokens: OneTimeTokens,
    private readonly mails: IdentityMails,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: CompleteOidcSignIn): Promise<OidcOutcome> {
    this.providers.settingsOf(command.provider);
    const state = new URLSearchParams(command.query).get('state');
    const pending = state ? await this.signIns.take(state) : null;
    if (!pending || pending.provider !== command.provider) throw IdentityErrors.oidcStateInvalid();
    const proved = await this.providers.redeem(command.provider, command.query, pending);
    if (pending.linkTo) {
      await this.linkTo(pending.linkTo, proved, command.context);
      return { linked: true };
    }
    const user = await this.accountOf(proved, command.context);
    if (user.suspendedAt) return this.refuse(command.context, proved, user.id, 'account-suspended', IdentityErrors.accountSuspended());
    if (user.mfaEnabled) {
      await this.securityLog.record(command.context, signedIn(user.id, proved, true));
      return { mfaRequired: true, mfaToken: await this.challenges.open(user.id), expiresIn: CHALLENGE_SECONDS };
    }
    const tokens = await this.sessions.start(user, command.context, null);
    await this.securityLog.record(command.context, signedIn(user.id, proved, false));
    return tokens;
  }

  /** The account the provider account signs in to: linked already, linked now by a doubly verified email, or new. */
  private async accountOf(proved: ProvedIdentity, context: CommandContext): Promise<UserRecord> {
    const [linked]: { user_id: string }[] = await this.dataSource.query(
      `SELECT user_id FROM identity_external_identities WHERE issuer = $1 AND subject = $2`,
      [proved.issuer, proved.subject],
    );
    if (linked) return (await this.users.findOneBy({ id: linked.user_id }))!;
    if (proved.email === null) return this.refuse(context, proved, null, 'no-email', IdentityErrors.oidcEmailMissing());
    const sameEmail = await this.users.findOneBy({ email: proved.email });
    if (sameEmail) {
      if (!proved.emailVerified || !sameEmail.emailVerifiedAt) {
        return this.refuse(context, proved, sameEmail.id, 'email-not-verified', IdentityErrors.oidcEmailNotVerified());
      }
      await this.linkTo(sameEmail.id, proved, context);
      return (await this.users.findOneBy({ id: sameEmail.id }))!;
    }
    return this.register(proved, context);
  }

  private async linkTo(userId: string, proved: ProvedIdentity, context: CommandContext): Promise<void> {
    const { provider, issuer, subject } = proved;
    await this.decisions.execute(userDecider, {
      streamId: `user-${userId}`,
      streamType: 'user',
      context: { ...context, actor: context.actor ?? { userId, roles: [] } },
      command: { type: 'LinkExternalIdentity', identity: { provider, issuer, subject } },
    });
  }

  /** A new learner account with no password: it signs in through the provider (or sets a password by reset). */
  private async register(proved: ProvedIdentity, context: CommandContext): Promise<UserRecord> {
    const userId = randomUUID();
    const email = proved.email!;
    const displayName = (proved.name?.trim() || email.split('@')[0]!).slice(0, 64);
    const { provider, issuer, subject } = proved;
    const verification = await this.dataSource.transaction(async (tx) => {
      await this.decisions.execute(userDecider, {
        streamId: `user-${userId}`,
        streamType: 'user',
        context: { ...context, actor: { userId, roles: [] } },
        command: {
          type: 'RegisterUser',
          userId,
          email,
          displayName,
          roles: ['learner'],
          emailVerified: proved.emailVerified,
          externalIdentity: { provider, issuer, subject },
        },
        manager: tx,
      });
      return proved.emailVerified ? null : this.oneTimeTokens.issue(userId, 'verify-email', tx);
    });
    if (verification) this.mails.verifyEmail(email, verification);
    return (await this.users.findOneBy({ id: userId }))!;
  }

  private async refuse(
    context: CommandContext,
    proved: ProvedIdentity,
    userId: string | null,
    reason: ExternalSignInRefused['data']['reason'],
    error: Error,
  ): Promise<never> {
    await this.securityLog.record(context, { type: 'identity.external-sign-in-refused', data: { userId, provider: proved.provider, reason } });
    throw error;
  }
}

const signedIn = (userId: string, proved: ProvedIdentity, mfaRequired: boolean) =>
  ({ type: 'identity.external-sign-in', data: { userId, provider: proved.provider, mfaRequired } }) as const;

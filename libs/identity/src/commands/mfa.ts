import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { type PresentedFactor, SecondFactors, type TotpEnrolment } from '../credentials/second-factors.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { sessionDecider } from '../domain/session.js';
import { userDecider } from '../domain/user.js';
import { SessionTokens } from './session-tokens.js';

// The signed-in user's own second factor: enrol, confirm, disable, recovery codes, step-up. Each
// change is an event of the user's stream (and so in the audit trail); secrets never are.

/** Starts setting up an authenticator app: a new secret, as an otpauth:// URI and a QR code. */
export class EnrolTotp extends Command<TotpEnrolment> {
  constructor(readonly context: CommandContext) {
    super();
  }
}

/** The app's first code confirms the set-up: MFA is on, with ten new recovery codes (shown once). */
export class ConfirmTotp extends Command<{ recoveryCodes: string[] }> {
  constructor(
    readonly code: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Turns MFA off, with a fresh code (or a recovery code). */
export class DisableMfa extends Command<void> {
  constructor(
    readonly factor: PresentedFactor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Ten new recovery codes; the old ones stop working. */
export class RegenerateRecoveryCodes extends Command<{ recoveryCodes: string[] }> {
  constructor(
    readonly factor: PresentedFactor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The session passes a second factor again, for a sensitive action: a new access token says so. */
export class StepUp extends Command<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
  constructor(
    readonly factor: PresentedFactor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EnrolTotp)
export class EnrolTotpHandler implements ICommandHandler<EnrolTotp> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly factors: SecondFactors,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: EnrolTotp): Promise<TotpEnrolment> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    const [user]: { email: string; mfa_enabled: boolean }[] = await this.dataSource.query(
      `SELECT email, mfa_enabled FROM identity_users WHERE id = $1`,
      [actor.userId],
    );
    if (!user) throw IdentityErrors.userNotFound();
    if (user.mfa_enabled) throw IdentityErrors.mfaAlreadyEnabled();
    return this.factors.enrol(actor.userId, user.email);
  }
}

@CommandHandler(ConfirmTotp)
export class ConfirmTotpHandler implements ICommandHandler<ConfirmTotp> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly decisions: Decisions,
    private readonly factors: SecondFactors,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: ConfirmTotp): Promise<{ recoveryCodes: string[] }> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    return this.dataSource.transaction(async (tx) => {
      const [pending]: unknown[] = await tx.query(`SELECT 1 FROM identity_totp WHERE user_id = $1 AND confirmed_at IS NULL FOR UPDATE`, [actor.userId]);
      if (!pending) throw IdentityErrors.mfaNotEnrolled();
      await this.factors.require(actor.userId, { code: command.code }, tx, 'pending');
      await this.decisions.execute(userDecider, {
        streamId: `user-${actor.userId}`,
        streamType: 'user',
        context: command.context,
        command: { type: 'EnableMfa' },
        manager: tx,
      });
      return { recoveryCodes: await this.factors.confirm(actor.userId, tx) };
    });
  }
}

@CommandHandler(DisableMfa)
export class DisableMfaHandler implements ICommandHandler<DisableMfa> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly decisions: Decisions,
    private readonly factors: SecondFactors,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: DisableMfa): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    await this.dataSource.transaction(async (tx) => {
      await this.factors.require(actor.userId, command.factor, tx);
      await this.decisions.execute(userDecider, {
        streamId: `user-${actor.userId}`,
        streamType: 'user',
        context: command.context,
        command: { type: 'DisableMfa' },
        manager: tx,
      });
      await this.factors.remove(actor.userId, tx);
    });
  }
}

@CommandHandler(RegenerateRecoveryCodes)
export class RegenerateRecoveryCodesHandler implements ICommandHandler<RegenerateRecoveryCodes> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly decisions: Decisions,
    private readonly factors: SecondFactors,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: RegenerateRecoveryCodes): Promise<{ recoveryCodes: string[] }> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    return this.dataSource.transaction(async (tx) => {
      await this.factors.require(actor.userId, command.factor, tx);
      await this.decisions.execute(userDecider, {
        streamId: `user-${actor.userId}`,
        streamType: 'user',
        context: command.context,
        command: { type: 'RegenerateRecoveryCodes' },
        manager: tx,
      });
      return { recoveryCodes: await this.factors.newRecoveryCodes(actor.userId, tx) };
    });
  }
}

@CommandHandler(StepUp)
export class StepUpHandler implements ICommandHandler<StepUp> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly decisions: Decisions,
    private readonly factors: SecondFactors,
    private readonly tokens: SessionTokens,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: StepUp): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    const mfaAt = new Date().toISOString();
    await this.dataSource.transaction(async (tx) => {
      await this.factors.require(actor.userId, command.factor, tx);
      await this.decisions.execute(sessionDecider, {
        streamId: `session-${actor.sessionId}`,
        streamType: 'session',
        context: command.context,
        command: { type: 'StepUp', userId: actor.userId, mfaAt },
        manager: tx,
      });
    });
    const accessToken = await this.tokens.accessToken(actor.userId, actor.roles, actor.sessionId!, mfaAt);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.tokens.accessTokenTtlSeconds };
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CommandContext } from '#platform';
import { MfaChallenges } from '../credentials/mfa-challenges.js';
import { type PresentedFactor, SecondFactors } from '../credentials/second-factors.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { UserRecord } from '../projections/user.record.js';
import { SessionStarter } from './session-starter.js';
import type { IssuedTokens } from './session-tokens.js';

export class CompleteMfaLogin extends Command<IssuedTokens> {
  constructor(
    readonly mfaToken: string,
    readonly factor: PresentedFactor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The second step of a sign-in: the challenge and a TOTP or recovery code start a session that passed MFA. */
@CommandHandler(CompleteMfaLogin)
export class CompleteMfaLoginHandler implements ICommandHandler<CompleteMfaLogin> {
  constructor(
    private readonly challenges: MfaChallenges,
    private readonly factors: SecondFactors,
    private readonly sessions: SessionStarter,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
  ) {}

  async execute(command: CompleteMfaLogin): Promise<IssuedTokens> {
    const userId = await this.challenges.redeem(command.mfaToken, (id) => this.factors.check(id, command.factor));
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw IdentityErrors.invalidMfaToken();
    return this.sessions.start(user, command.context, new Date());
  }
}

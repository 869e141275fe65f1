import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as oidc from 'openid-client';
import { AbilityFactory, type CommandContext } from '#platform';
import { OidcProviders } from '../oidc/oidc-providers.js';
import { OidcSignIns } from '../oidc/oidc-sign-ins.js';

/**
 * Starts a sign-in at an OpenID Connect provider: a fresh state, nonce and PKCE verifier are kept
 * server-side (ten minutes, single use) and the provider's authorization URL is answered. With
 * `link`, the signed-in caller links the provider account to their own account when it comes back.
 */
export class StartOidcSignIn extends Command<{ authorizationUrl: string }> {
  constructor(
    readonly provider: string,
    readonly context: CommandContext,
    readonly link = false,
  ) {
    super();
  }
}

@CommandHandler(StartOidcSignIn)
export class StartOidcSignInHandler implements ICommandHandler<StartOidcSignIn> {
  constructor(
    private readonly providers: OidcProviders,
    private readonly signIns: OidcSignIns,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: StartOidcSignIn): Promise<{ authorizationUrl: string }> {
    const linkTo = command.link ? this.abilities.require(command.context.actor, 'update', 'User').userId : null;
    this.providers.settingsOf(command.provider);
    const checks = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const authorizationUrl = await this.providers.authorizationUrl(command.provider, checks);
    await this.signIns.hold({ provider: command.provider, linkTo, ...checks });
    return { authorizationUrl };
  }
}

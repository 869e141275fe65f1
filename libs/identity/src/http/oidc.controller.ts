import { Controller, Delete, Get, HttpCode, Param, Post, Redirect, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiFoundResponse, ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, ApiProblem, Authenticated, type CommandContext, CurrentActor, type ProblemCodes, Public, RequestContext } from '#platform';
import { CompleteOidcSignIn } from '../commands/complete-oidc-sign-in.js';
import { StartOidcSignIn } from '../commands/start-oidc-sign-in.js';
import { UnlinkExternalIdentity } from '../commands/unlink-external-identity.js';
import { GetMyExternalIdentities } from '../queries/get-my-external-identities.js';
import { AuthorizationUrlDto, ExternalIdentityDto, MfaChallengeDto, TokensDto } from './identity.dto.js';

const PROVIDER = { name: 'provider', description: 'The provider, as configured in OIDC_PROVIDERS', example: 'google' };
const UNKNOWN_PROVIDER: ProblemCodes = { 'IDENTITY.OIDC_PROVIDER_NOT_FOUND': 'No provider of this name is configured' };
const PROVIDER_DOWN: ProblemCodes = { 'IDENTITY.OIDC_PROVIDER_UNAVAILABLE': "The provider's discovery document or endpoints cannot be reached: retry after `Retry-After`" };

/** Sign-in with OpenID Connect providers (authorization code + PKCE), and the provider accounts linked to mine. */
@ApiTags('auth')
@Controller()
export class OidcController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('api/v1/auth/oidc/:provider/start')
  @Redirect()
  @Public('starts a sign-in at a provider; nothing is disclosed')
  @ApiOperation({
    operationId: 'startOidcSignIn',
    summary: 'Sign in with an OpenID Connect provider',
    description: 'Redirects the browser to the provider (authorization code with PKCE, state and nonce kept server-side for ten minutes, single use); it comes back to the callback.',
  })
  @ApiParam(PROVIDER)
  @ApiFoundResponse({ description: "To the provider's sign-in page (`Location`)" })
  @ApiProblem(404, UNKNOWN_PROVIDER)
  @ApiProblem(503, PROVIDER_DOWN)
  async start(@Param('provider') provider: string, @RequestContext() context: CommandContext): Promise<{ url: string; statusCode: number }> {
    const { authorizationUrl } = await this.commands.execute(new StartOidcSignIn(provider, context));
    return { url: authorizationUrl, statusCode: 302 };
  }

  @Get('api/v1/auth/oidc/:provider/callback')
  @Public('the single-use state and the code the provider issued are the credential')
  @ApiOperation({
    operationId: 'completeOidcSignIn',
    summary: 'Come back from an OpenID Connect provider',
    description:
      'The redirect URI registered at the provider (`code` and `state` in the query). Signs in the account the provider account is linked to; one not linked yet is linked to the account with the same email only if the provider and this account both verified it, else a new account is made. With a second factor set up, answers the challenge of POST /api/v1/auth/login/mfa. A link started from POST /api/v1/me/oidc/{provider}/link ends here too.',
  })
  @ApiParam(PROVIDER)
  @ApiOkResponse({ type: TokensDto, description: 'Signed in' })
  @ApiAcceptedResponse({ type: MfaChallengeDto, description: 'Present a second factor at POST /api/v1/auth/login/mfa' })
  @ApiNoContentResponse({ description: 'The provider account is linked to the account that started the link' })
  @ApiProblem(401, {
    'IDENTITY.OIDC_STATE_INVALID': 'The state is unknown, expired, already used or of another provider: start again',
    'IDENTITY.OIDC_SIGN_IN_FAILED': "The provider refused the code, or its ID token failed a check (signature, issuer, audience, expiry, nonce)",
  })
  @ApiProblem(403, { 'IDENTITY.ACCOUNT_SUSPENDED': 'Staff suspended the account' })
  @ApiProblem(404, { ...UNKNOWN_PROVIDER, 'IDENTITY.USER_NOT_FOUND': 'The account that started the link is gone' })
  @ApiProblem(409, {
    'IDENTITY.OIDC_EMAIL_NOT_VERIFIED': 'An account has this email, and the provider or the account has not verified it: sign in with the password and link from /me',
    'IDENTITY.EXTERNAL_IDENTITY_TAKEN': 'This provider account signs in to another account',
    'IDENTITY.PROVIDER_ALREADY_LINKED': 'The account has another account of this provider linked',
    'IDENTITY.EMAIL_TAKEN': 'An account took this email at the same moment',
    'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; start again',
  })
  @ApiProblem(422, { 'IDENTITY.OIDC_EMAIL_MISSING': 'The provider shared no email address, which a new account needs' })
  @ApiProblem(503, PROVIDER_DOWN)
  async callback(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto | MfaChallengeDto | undefined> {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const outcome = await this.commands.execute(new CompleteOidcSignIn(provider, query, context));
    if ('linked' in outcome) {
      void reply.status(204);
      return undefined;
    }
    if ('mfaRequired' in outcome) void reply.status(202);
    return outcome;
  }

  @Post('api/v1/me/oidc/:provider/link')
  @HttpCode(200)
  @Authenticated()
  @ApiTags('me')
  @ApiOperation({
    operationId: 'startOidcLink',
    summary: 'Link my account at an OpenID Connect provider',
    description: "Answers the provider's sign-in page; when the browser comes back to the callback, that provider account signs in to my account from then on.",
  })
  @ApiParam(PROVIDER)
  @ApiOkResponse({ type: AuthorizationUrlDto })
  @ApiProblem(404, UNKNOWN_PROVIDER)
  @ApiProblem(503, PROVIDER_DOWN)
  startLink(@Param('provider') provider: string, @RequestContext() context: CommandContext): Promise<AuthorizationUrlDto> {
    return this.commands.execute(new StartOidcSignIn(provider, context, true));
  }

  @Get('api/v1/me/identities')
  @Authenticated()
  @ApiTags('me')
  @ApiOperation({ operationId: 'getMyExternalIdentities', summary: 'List the provider accounts linked to mine' })
  @ApiOkResponse({ type: [ExternalIdentityDto] })
  identities(@CurrentActor() actor: Actor): Promise<ExternalIdentityDto[]> {
    return this.queries.execute(new GetMyExternalIdentities(actor.userId));
  }

  @Delete('api/v1/me/identities/:provider')
  @HttpCode(204)
  @Authenticated()
  @ApiTags('me')
  @ApiOperation({
    operationId: 'unlinkExternalIdentity',
    summary: 'Unlink my account at a provider',
    description: 'Refused when it is the only way left to sign in (no password, no other provider).',
  })
  @ApiParam(PROVIDER)
  @ApiNoContentResponse({ description: 'It signs in to nothing now' })
  @ApiProblem(404, { 'IDENTITY.EXTERNAL_IDENTITY_NOT_FOUND': 'No account of this provider is linked' })
  @ApiProblem(409, {
    'IDENTITY.LAST_SIGN_IN_METHOD': 'It is the only way left to sign in: set a password (password reset) or link another provider first',
    'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; retry',
  })
  async unlink(@Param('provider') provider: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new UnlinkExternalIdentity(provider, context));
  }
}

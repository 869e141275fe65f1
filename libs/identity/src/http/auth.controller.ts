import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, Authenticated, type CommandContext, type ProblemCodes, Public, RequestContext } from '#platform';
import { CompleteMfaLogin } from '../commands/complete-mfa-login.js';
import { LogIn } from '../commands/log-in.js';
import { StepUp } from '../commands/mfa.js';
import { LogOut } from '../commands/log-out.js';
import { RefreshSession } from '../commands/refresh-session.js';
import { RegisterUser } from '../commands/register-user.js';
import { GetUserProfile } from '../queries/get-user-profile.js';
import { RequestPasswordReset } from '../commands/request-password-reset.js';
import { ResetPassword } from '../commands/reset-password.js';
import { VerifyEmail } from '../commands/verify-email.js';
import { SendSignInCode } from '../commands/verify-my-phone.js';
import { ConfirmEmailChange } from '../commands/change-my-email.js';
import { AccessTokenDto, LoginDto, MailedTokenDto, MfaChallengeDto, MfaLoginDto, MfaTokenDto, SecondFactorDto, PasswordResetDto, PasswordResetRequestDto, RefreshDto, RegisterDto, TokensDto, UserDto, factorOf } from './identity.dto.js';

/** A refresh token's session: refused when the token is not its current one, and raced by a concurrent use. */
const BAD_REFRESH_TOKEN: ProblemCodes = {
  'IDENTITY.INVALID_REFRESH_TOKEN': 'The refresh token is invalid, expired, already rotated or revoked; sign in again',
};
const SESSION_RACE: ProblemCodes = {
  'EVENT_STORE.VERSION_CONFLICT': 'The same session was refreshed or ended at the same moment; sign in again if the retry fails',
};

/** What a new password can be refused for (ASVS 5: length and commonness, no composition rules). */
const NEW_PASSWORD: ProblemCodes = {
  'IDENTITY.PASSWORD_TOO_SHORT': 'Fewer than 8 characters (15 or more are recommended)',
  'IDENTITY.PASSWORD_TOO_LONG': 'More than 128 characters (never truncated)',
  'IDENTITY.PASSWORD_TOO_COMMON': 'Among the most common passwords',
};

/** Too many password hashes are being computed at once (or throttling cannot be checked): retry after `Retry-After`. */
const PASSWORD_CHECKS_BUSY: ProblemCodes = {
  'IDENTITY.BUSY': 'Password checks are briefly unavailable (too many at once, or sign-in throttling cannot be checked); retry after `Retry-After`',
};

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('register')
  @Public('anyone may create a learner account')
  @ApiOperation({ operationId: 'register', summary: 'Create a learner account' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblem(409, { 'IDENTITY.EMAIL_TAKEN': 'An account with this email already exists' })
  @ApiProblem(422, NEW_PASSWORD)
  @ApiProblem(503, PASSWORD_CHECKS_BUSY)
  async register(@Body() body: RegisterDto, @RequestContext() context: CommandContext): Promise<UserDto> {
    const { userId } = await this.commands.execute(
      new RegisterUser(body.email, body.password, body.displayName, context),
    );
    return this.queries.execute(new GetUserProfile(userId));
  }

  @Post('login')
  @HttpCode(200)
  @Public('exchanges credentials for tokens')
  @ApiOperation({ operationId: 'logIn', summary: 'Sign in with email and password', description: 'Starts a session: a short-lived access token and a single-use refresh token.' })
  @ApiOkResponse({ type: TokensDto, description: 'Signed in' })
  @ApiAcceptedResponse({ type: MfaChallengeDto, description: 'The password was right; present a second factor at POST /api/v1/auth/login/mfa' })
  @ApiProblem(401, { 'IDENTITY.INVALID_CREDENTIALS': 'Wrong email or password (which one is not disclosed)' })
  @ApiProblem(403, { 'IDENTITY.ACCOUNT_SUSPENDED': 'The password is right, but staff suspended the account' })
  @ApiProblem(429, {
    'IDENTITY.LOGIN_THROTTLED': 'Too many failed sign-ins of this email or from this address: wait `Retry-After` seconds',
    'IDENTITY.LOGIN_LOCKED': 'Sign-in for this email or from this address is locked for `Retry-After` seconds',
  })
  @ApiProblem(503, PASSWORD_CHECKS_BUSY)
  async login(
    @Body() body: LoginDto,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto | MfaChallengeDto> {
    const outcome = await this.commands.execute(new LogIn(body.email, body.password, context));
    if ('mfaRequired' in outcome) void reply.status(202);
    return outcome;
  }

  @Post('login/mfa/sms')
  @HttpCode(202)
  @Public('the sign-in challenge is the credential; the code goes only to the account\'s verified phone')
  @ApiOperation({
    operationId: 'sendSignInSms',
    summary: 'Text me a sign-in code',
    description: 'For the challenge logIn answered: a six-digit code to the account\'s verified phone (10 minutes, once a minute at most), to present as `smsCode` at POST /api/v1/auth/login/mfa.',
  })
  @ApiAcceptedResponse({ description: 'The code is on its way' })
  @ApiProblem(401, { 'IDENTITY.INVALID_MFA_TOKEN': 'The challenge is invalid, expired or used up' })
  @ApiProblem(409, { 'IDENTITY.NO_VERIFIED_PHONE': 'The account has no verified phone number' })
  @ApiProblem(429, { 'IDENTITY.PHONE_CODE_TOO_SOON': 'A code was sent less than a minute ago: wait `Retry-After` seconds' })
  @ApiProblem(503, { 'IDENTITY.SMS_UNAVAILABLE': 'The text message could not be sent: try again after `Retry-After`' })
  async sendSignInSms(@Body() body: MfaTokenDto): Promise<void> {
    await this.commands.execute(new SendSignInCode(body.mfaToken));
  }

  @Post('login/mfa')
  @HttpCode(200)
  @Public('the sign-in challenge and a second factor are the credential')
  @ApiOperation({
    operationId: 'completeMfaLogin',
    summary: 'Finish signing in with a second factor',
    description: 'The challenge from logIn and an authenticator code (each accepted once) or a recovery code (single use).',
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiProblem(401, {
    'IDENTITY.INVALID_MFA_CODE': 'The code is wrong, expired or already used (five wrong codes end the challenge)',
    'IDENTITY.INVALID_MFA_TOKEN': 'The challenge is invalid, expired or used up: sign in again',
  })
  @ApiProblem(503, PASSWORD_CHECKS_BUSY)
  completeMfaLogin(@Body() body: MfaLoginDto, @RequestContext() context: CommandContext): Promise<TokensDto> {
    return this.commands.execute(new CompleteMfaLogin(body.mfaToken, factorOf(body), context));
  }

  @Post('step-up')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    operationId: 'stepUp',
    summary: 'Confirm a sensitive action with a second factor',
    description: 'Answers a new access token for the same session, good for sensitive actions (role grants) for a few minutes.',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiProblem(401, { 'IDENTITY.INVALID_MFA_CODE': 'The code is wrong, expired or already used, or no second factor is set up' })
  @ApiProblem(404, { 'IDENTITY.SESSION_NOT_FOUND': 'The session of this access token has ended' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The session changed at the same moment; retry' })
  stepUp(@Body() body: SecondFactorDto, @RequestContext() context: CommandContext): Promise<AccessTokenDto> {
    return this.commands.execute(new StepUp(factorOf(body), context));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public('the refresh token itself is the credential')
  @ApiOperation({
    operationId: 'refreshSession',
    summary: 'Exchange a refresh token for new tokens',
    description: 'The refresh token is rotated: use the new one next time. Presenting a rotated-away token again ends the whole session.',
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiProblem(401, BAD_REFRESH_TOKEN)
  @ApiProblem(409, SESSION_RACE)
  refresh(@Body() body: RefreshDto, @RequestContext() context: CommandContext): Promise<TokensDto> {
    return this.commands.execute(new RefreshSession(body.refreshToken, context));
  }

  @Post('logout')
  @HttpCode(204)
  @Public('the refresh token itself is the credential')
  @ApiOperation({ operationId: 'logOut', summary: 'End the session of a refresh token', description: 'Access tokens already issued expire on their own.' })
  @ApiNoContentResponse({ description: 'The session is ended; its refresh token no longer works' })
  @ApiProblem(401, BAD_REFRESH_TOKEN)
  @ApiProblem(409, SESSION_RACE)
  async logout(@Body() body: RefreshDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new LogOut(body.refreshToken, context));
  }

  @Post('email-verification')
  @HttpCode(204)
  @Public('the mailed single-use token itself is the credential')
  @ApiOperation({ operationId: 'verifyEmail', summary: 'Prove an email address with the token mailed to it', description: 'Single use, valid 24 hours.' })
  @ApiNoContentResponse({ description: 'The email is verified: the account may buy' })
  @ApiProblem(422, { 'IDENTITY.TOKEN_INVALID': 'The token is invalid, expired or already used' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; retry' })
  async verifyEmail(@Body() body: MailedTokenDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new VerifyEmail(body.token, context));
  }

  @Post('email-change')
  @HttpCode(204)
  @Public('the single-use token mailed to the new address is the credential')
  @ApiOperation({
    operationId: 'confirmEmailChange',
    summary: 'Prove a new email address with the token mailed to it',
    description: 'Single use, valid 24 hours. The account signs in with the new address from now on; the old one is told.',
  })
  @ApiNoContentResponse({ description: 'The new address replaced the old one, verified' })
  @ApiProblem(422, { 'IDENTITY.TOKEN_INVALID': 'The token is invalid, expired or already used' })
  @ApiProblem(409, {
    'IDENTITY.EMAIL_TAKEN': 'Another account took this address in the meantime',
    'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; retry',
  })
  async confirmEmailChange(@Body() body: MailedTokenDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ConfirmEmailChange(body.token, context));
  }

  @Post('password-reset')
  @HttpCode(202)
  @Public('answers the same whether or not the email has an account')
  @ApiOperation({
    operationId: 'requestPasswordReset',
    summary: 'Mail a password reset link',
    description: 'The answer is the same whether or not the email has an account; if it has, a single-use link valid 30 minutes is mailed.',
  })
  @ApiAcceptedResponse({ description: 'If the email has an account, a reset link is on its way' })
  async requestPasswordReset(@Body() body: PasswordResetRequestDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new RequestPasswordReset(body.email, context));
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @Public('the mailed single-use token itself is the credential')
  @ApiOperation({ operationId: 'resetPassword', summary: 'Set a new password with a mailed reset token', description: 'Every session of the account ends.' })
  @ApiNoContentResponse({ description: 'The password is replaced and every session has ended' })
  @ApiProblem(422, { 'IDENTITY.TOKEN_INVALID': 'The token is invalid, expired or already used', ...NEW_PASSWORD })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The account or one of its sessions changed at the same moment; retry' })
  @ApiProblem(503, PASSWORD_CHECKS_BUSY)
  async resetPassword(@Body() body: PasswordResetDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ResetPassword(body.token, body.newPassword, context));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, Authenticated, type CommandContext, CurrentActor, RequestContext, UuidParam } from '#platform';
import { ChangePassword } from '../commands/change-password.js';
import { EndMySession } from '../commands/end-my-session.js';
import { RequestEmailChange } from '../commands/change-my-email.js';
import { UpdateMyProfile } from '../commands/update-my-profile.js';
import { ExportMyData } from '../commands/export-my-data.js';
import { EraseMyAccount } from '../commands/erase-my-account.js';
import { SendPhoneCode, VerifyMyPhone } from '../commands/verify-my-phone.js';
import { ConfirmTotp, DisableMfa, EnrolTotp, RegenerateRecoveryCodes } from '../commands/mfa.js';
import { SendEmailVerification } from '../commands/send-email-verification.js';
import { GetMySessions } from '../queries/get-my-sessions.js';
import { GetUserProfile } from '../queries/get-user-profile.js';
import {
  ChangePasswordDto,
  EmailChangeDto,
  EraseAccountDto,
  PhoneCodeDto,
  PhoneDto,
  PersonalDataExportDto,
  RecoveryCodesDto,
  SecondFactorDto,
  SessionDto,
  TotpCodeDto,
  TotpEnrolmentDto,
  UpdateProfileDto,
  UserDto,
  factorOf,
} from './identity.dto.js';

@ApiTags('me')
@Controller('api/v1/me')
export class MeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'getMyProfile', summary: "Get the signed-in user's profile and roles" })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.queries.execute(new GetUserProfile(actor.userId));
  }

  @Patch()
  @Authenticated()
  @ApiOperation({
    operationId: 'updateMyProfile',
    summary: 'Edit my profile',
    description: 'Display name, avatar, bio, locale and time zone; fields left out stay, null clears one. Roles, email and status are not set here.',
  })
  @ApiOkResponse({ type: UserDto, description: 'The profile as it is now' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; retry' })
  async updateProfile(@Body() body: UpdateProfileDto, @RequestContext() context: CommandContext): Promise<UserDto> {
    await this.commands.execute(new UpdateMyProfile(body, context));
    return this.queries.execute(new GetUserProfile(context.actor!.userId));
  }

  @Post('email')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({
    operationId: 'changeMyEmail',
    summary: 'Change my email address',
    description: 'Needs the current password. A single-use link (24 h) goes to the new address; the account keeps the old one until it is opened (POST /api/v1/auth/email-change).',
  })
  @ApiAcceptedResponse({ description: 'A link is on its way to the new address' })
  @ApiProblem(409, { 'IDENTITY.EMAIL_TAKEN': 'Another account has this address' })
  @ApiProblem(422, { 'IDENTITY.WRONG_PASSWORD': 'The password is wrong' })
  @ApiProblem(429, {
    'IDENTITY.LOGIN_THROTTLED': 'Too many wrong passwords: wait `Retry-After` seconds',
    'IDENTITY.LOGIN_LOCKED': 'Locked for `Retry-After` seconds after too many wrong passwords',
  })
  @ApiProblem(503, { 'IDENTITY.BUSY': 'Password checks are briefly unavailable; retry after `Retry-After`' })
  async changeEmail(@Body() body: EmailChangeDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new RequestEmailChange(body.newEmail, body.password, context));
  }

  @Delete()
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    operationId: 'eraseMyAccount',
    summary: 'Erase my account',
    description:
      'Needs the password and, if set up, a second factor. Every session ends, credentials go, and the key my data inside events is sealed with is deleted: the events stay (orders, the audit trail) while my email, name and profile in them read as "[erased]" for good.',
  })
  @ApiNoContentResponse({ description: 'The account is erased' })
  @ApiProblem(401, { 'IDENTITY.INVALID_MFA_CODE': 'The second factor is missing, wrong or already used' })
  @ApiProblem(422, { 'IDENTITY.WRONG_PASSWORD': 'The password is wrong' })
  @ApiProblem(429, {
    'IDENTITY.LOGIN_THROTTLED': 'Too many wrong passwords: wait `Retry-After` seconds',
    'IDENTITY.LOGIN_LOCKED': 'Locked for `Retry-After` seconds after too many wrong passwords',
  })
  @ApiProblem(503, { 'IDENTITY.BUSY': 'Password checks are briefly unavailable; retry after `Retry-After`' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The account or one of its sessions changed at the same moment; retry' })
  async eraseMyAccount(@Body() body: EraseAccountDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new EraseMyAccount(body.password, factorOf(body), context));
  }

  @Post('phone')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({ operationId: 'sendPhoneCode', summary: 'Text me a code to prove a phone number', description: 'Six digits, 10 minutes, five tries; a new code at most once a minute.' })
  @ApiAcceptedResponse({ description: 'The code is on its way' })
  @ApiProblem(429, { 'IDENTITY.PHONE_CODE_TOO_SOON': 'A code was sent less than a minute ago: wait `Retry-After` seconds' })
  @ApiProblem(503, { 'IDENTITY.SMS_UNAVAILABLE': 'The text message could not be sent: try again after `Retry-After`' })
  async sendPhoneCode(@Body() body: PhoneDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new SendPhoneCode(body.phone, context));
  }

  @Post('phone/confirm')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'verifyMyPhone', summary: 'Prove the phone number with the texted code', description: 'It becomes the account\'s verified number (kept encrypted).' })
  @ApiNoContentResponse({ description: 'The number is verified' })
  @ApiProblem(422, { 'IDENTITY.PHONE_CODE_INVALID': 'The code is wrong or expired, or was tried five times' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; retry' })
  async verifyPhone(@Body() body: PhoneCodeDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new VerifyMyPhone(body.code, context));
  }

  @Get('export')
  @Authenticated()
  @ApiOperation({
    operationId: 'exportMyData',
    summary: 'Download all my data',
    description: 'Profile, every session, and every stored event about me, as JSON. The export itself is recorded in the audit trail.',
  })
  @ApiOkResponse({ type: PersonalDataExportDto })
  exportMyData(@RequestContext() context: CommandContext): Promise<PersonalDataExportDto> {
    return this.commands.execute(new ExportMyData(context));
  }

  @Get('sessions')
  @Authenticated()
  @ApiOperation({ operationId: 'listMySessions', summary: "List the signed-in user's active sessions", description: 'One per sign-in (device or browser), newest first.' })
  @ApiOkResponse({ type: [SessionDto] })
  sessions(@CurrentActor() actor: Actor): Promise<SessionDto[]> {
    return this.queries.execute(new GetMySessions(actor));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'endMySession', summary: 'End one of my sessions', description: 'Its refresh token and its access tokens stop working at once.' })
  @ApiNoContentResponse({ description: 'The session has ended' })
  @ApiProblem(404, { 'IDENTITY.SESSION_NOT_FOUND': 'No active session of yours has this id' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The session was refreshed or ended at the same moment; retry' })
  async endSession(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new EndMySession(id, context));
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    operationId: 'changeMyPassword',
    summary: 'Change my password',
    description: 'Needs the current password. Every other session ends; this one goes on.',
  })
  @ApiNoContentResponse({ description: 'The password is changed and every other session has ended' })
  @ApiProblem(422, {
    'IDENTITY.WRONG_PASSWORD': 'The current password is wrong',
    'IDENTITY.PASSWORD_TOO_SHORT': 'Fewer than 8 characters (15 or more are recommended)',
    'IDENTITY.PASSWORD_TOO_LONG': 'More than 128 characters (never truncated)',
    'IDENTITY.PASSWORD_TOO_COMMON': 'Among the most common passwords',
  })
  @ApiProblem(429, {
    'IDENTITY.LOGIN_THROTTLED': 'Too many wrong current passwords: wait `Retry-After` seconds',
    'IDENTITY.LOGIN_LOCKED': 'Locked for `Retry-After` seconds after too many wrong passwords',
  })
  @ApiProblem(503, { 'IDENTITY.BUSY': 'Password checks are briefly unavailable; retry after `Retry-After`' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The account or one of its sessions changed at the same moment; retry' })
  async changePassword(@Body() body: ChangePasswordDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ChangePassword(body.currentPassword, body.newPassword, context));
  }

  @Post('email/verification')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({ operationId: 'sendMyEmailVerification', summary: 'Mail me a new email verification link', description: 'Does nothing if the email is verified already.' })
  @ApiAcceptedResponse({ description: 'A new link is on its way (unless the email is verified already)' })
  async sendEmailVerification(@RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new SendEmailVerification(context));
  }

  @Post('mfa/totp')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'enrolTotp', summary: 'Start setting up an authenticator app', description: 'A new secret as an otpauth:// URI and a QR code; confirm it with the first code.' })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiProblem(409, { 'IDENTITY.MFA_ALREADY_ENABLED': 'A second factor is set up already' })
  enrolTotp(@RequestContext() context: CommandContext): Promise<TotpEnrolmentDto> {
    return this.commands.execute(new EnrolTotp(context));
  }

  @Post('mfa/totp/confirm')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'confirmTotp', summary: 'Confirm the authenticator app with its first code', description: 'Turns MFA on and answers ten recovery codes, this once.' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblem(401, { 'IDENTITY.INVALID_MFA_CODE': 'The code is wrong, expired or already used' })
  @ApiProblem(409, {
    'IDENTITY.MFA_NOT_ENROLLED': 'No set-up was started (POST /api/v1/me/mfa/totp first)',
    'IDENTITY.MFA_ALREADY_ENABLED': 'A second factor is set up already',
    'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; retry',
  })
  confirmTotp(@Body() body: TotpCodeDto, @RequestContext() context: CommandContext): Promise<RecoveryCodesDto> {
    return this.commands.execute(new ConfirmTotp(body.code, context));
  }

  @Post('mfa/disable')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'disableMfa', summary: 'Turn the second factor off', description: 'Needs a fresh code or a recovery code.' })
  @ApiNoContentResponse({ description: 'MFA is off; the secret and the recovery codes are deleted' })
  @ApiProblem(401, { 'IDENTITY.INVALID_MFA_CODE': 'The code is wrong, expired or already used' })
  @ApiProblem(409, { 'IDENTITY.MFA_NOT_ENABLED': 'No second factor is set up', 'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; retry' })
  async disableMfa(@Body() body: SecondFactorDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new DisableMfa(factorOf(body), context));
  }

  @Post('mfa/recovery-codes')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'regenerateRecoveryCodes', summary: 'Replace my recovery codes', description: 'Needs a fresh code or a recovery code; the old codes stop working.' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblem(401, { 'IDENTITY.INVALID_MFA_CODE': 'The code is wrong, expired or already used' })
  @ApiProblem(409, { 'IDENTITY.MFA_NOT_ENABLED': 'No second factor is set up', 'EVENT_STORE.VERSION_CONFLICT': 'The account changed at the same moment; retry' })
  regenerateRecoveryCodes(@Body() body: SecondFactorDto, @RequestContext() context: CommandContext): Promise<RecoveryCodesDto> {
    return this.commands.execute(new RegenerateRecoveryCodes(factorOf(body), context));
  }
}

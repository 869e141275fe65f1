import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, Authenticated, type CommandContext, CurrentActor, RequestContext, UuidParam } from '#platform';
import { ChangePassword } from '../commands/change-password.js';
import { EndMySession } from '../commands/end-my-session.js';
import { SendEmailVerification } from '../commands/send-email-verification.js';
import { GetMySessions } from '../queries/get-my-sessions.js';
import { GetUserProfile } from '../queries/get-user-profile.js';
import { ChangePasswordDto, SessionDto, UserDto } from './identity.dto.js';

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
}

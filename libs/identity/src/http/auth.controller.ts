import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type CommandContext, ProblemDetailsDto, Public, RequestContext } from '#platform';
import { LogIn } from '../commands/log-in.js';
import { LogOut } from '../commands/log-out.js';
import { RefreshSession } from '../commands/refresh-session.js';
import { RegisterUser } from '../commands/register-user.js';
import { GetUserProfile } from '../queries/get-user-profile.js';
import { LoginDto, RefreshDto, RegisterDto, TokensDto, UserDto } from './identity.dto.js';

@ApiTags('auth')
@ApiBadRequestResponse({ description: 'Invalid input', type: ProblemDetailsDto })
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('register')
  @Public('anyone may create a learner account')
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'Email already registered', type: ProblemDetailsDto })
  async register(@Body() body: RegisterDto, @RequestContext() context: CommandContext): Promise<UserDto> {
    const { userId } = await this.commands.execute(
      new RegisterUser(body.email, body.password, body.displayName, context),
    );
    return this.queries.execute(new GetUserProfile(userId));
  }

  @Post('login')
  @HttpCode(200)
  @Public('exchanges credentials for tokens')
  @ApiOkResponse({ type: TokensDto })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password', type: ProblemDetailsDto })
  login(@Body() body: LoginDto, @RequestContext() context: CommandContext): Promise<TokensDto> {
    return this.commands.execute(new LogIn(body.email, body.password, context));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public('the refresh token itself is the credential')
  @ApiOkResponse({ type: TokensDto })
  @ApiUnauthorizedResponse({ description: 'Refresh token invalid, expired, reused or revoked', type: ProblemDetailsDto })
  refresh(@Body() body: RefreshDto, @RequestContext() context: CommandContext): Promise<TokensDto> {
    return this.commands.execute(new RefreshSession(body.refreshToken, context));
  }

  @Post('logout')
  @HttpCode(204)
  @Public('the refresh token itself is the credential')
  @ApiNoContentResponse({ description: 'The session is ended; its refresh token no longer works' })
  @ApiUnauthorizedResponse({ description: 'Refresh token invalid, expired or already revoked', type: ProblemDetailsDto })
  async logout(@Body() body: RefreshDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new LogOut(body.refreshToken, context));
  }
}

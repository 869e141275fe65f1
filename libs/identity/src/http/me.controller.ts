import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Authenticated, CurrentActor } from '#platform';
import { GetUserProfile } from '../queries/get-user-profile.js';
import { UserDto } from './identity.dto.js';

@ApiTags('me')
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'getMyProfile', summary: "Get the signed-in user's profile and roles" })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.queries.execute(new GetUserProfile(actor.userId));
  }
}

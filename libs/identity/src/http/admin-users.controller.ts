import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, Policy, RequestContext, StepUp, UuidParam } from '#platform';
import { GrantRoles } from '../commands/grant-roles.js';
import { GetUserProfile } from '../queries/get-user-profile.js';
import { GrantRolesDto, UserDto } from './identity.dto.js';

@ApiTags('admin: users')
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/roles')
  @HttpCode(200)
  @Policy('grantRoles', 'User')
  @StepUp()
  @ApiOperation({ operationId: 'grantRoles', summary: 'Grant roles to a user', description: 'Adds to the roles held; granting a role already held changes nothing.' })
  @ApiOkResponse({ type: UserDto, description: 'The user with the roles now held' })
  @ApiProblem(404, { 'IDENTITY.USER_NOT_FOUND': 'No such user' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The user changed at the same moment (another grant); retry' })
  async grantRoles(
    @Param('id', UuidParam) id: string,
    @Body() body: GrantRolesDto,
    @RequestContext() context: CommandContext,
  ): Promise<UserDto> {
    await this.commands.execute(new GrantRoles(id, body.roles, context));
    return this.queries.execute(new GetUserProfile(id));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, type CommandContext, CurrentActor, Policy, RequestContext, type Role, ROLES, StepUp, UuidParam } from '#platform';
import { GrantRoles } from '../commands/grant-roles.js';
import { RevokeRoles } from '../commands/revoke-roles.js';
import { GetUserProfile } from '../queries/get-user-profile.js';
import { SearchUsers } from '../queries/search-users.js';
import { SuspendUser, UnsuspendUser } from '../commands/suspend-user.js';
import { GrantRolesDto, SuspensionDto, UserDto, UserPageDto, UserSearchQueryDto } from './identity.dto.js';
import { RoleParam } from './role-param.pipe.js';

@ApiTags('admin: users')
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Policy('search', 'User')
  @ApiOperation({ operationId: 'searchUsers', summary: 'Find users', description: 'Newest account first; by a role held now, by status, or by the start of the email.' })
  @ApiOkResponse({ type: UserPageDto })
  search(@Query() query: UserSearchQueryDto, @CurrentActor() actor: Actor): Promise<UserPageDto> {
    return this.queries.execute(new SearchUsers(query, actor));
  }

  @Get(':id')
  @Policy('search', 'User')
  @ApiOperation({ operationId: 'getUser', summary: 'View one user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblem(404, { 'IDENTITY.USER_NOT_FOUND': 'No such user' })
  user(@Param('id', UuidParam) id: string): Promise<UserDto> {
    return this.queries.execute(new GetUserProfile(id));
  }

  @Post(':id/roles')
  @HttpCode(200)
  @Policy('grantRoles', 'User')
  @StepUp()
  @ApiOperation({
    operationId: 'grantRoles',
    summary: 'Grant roles to a user',
    description:
      'Adds to the roles held, until `expiresAt` if given (the role then stops counting by itself); granting a role held until the same time changes nothing. Never to yourself.',
  })
  @ApiOkResponse({ type: UserDto, description: 'The user with the roles now held' })
  @ApiProblem(404, { 'IDENTITY.USER_NOT_FOUND': 'No such user' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The user changed at the same moment (another grant); retry' })
  async grantRoles(
    @Param('id', UuidParam) id: string,
    @Body() body: GrantRolesDto,
    @RequestContext() context: CommandContext,
  ): Promise<UserDto> {
    await this.commands.execute(new GrantRoles(id, body.roles, context, body.expiresAt));
    return this.queries.execute(new GetUserProfile(id));
  }

  @Delete(':id/roles/:role')
  @Policy('revokeRoles', 'User')
  @StepUp()
  @ApiOperation({
    operationId: 'revokeRole',
    summary: "Take a role back from a user",
    description: 'Their access tokens lose it on their next request. Revoking a role not held changes nothing. Never from yourself.',
  })
  @ApiParam({ name: 'role', enum: ROLES })
  @ApiOkResponse({ type: UserDto, description: 'The user with the roles now held' })
  @ApiProblem(404, { 'IDENTITY.USER_NOT_FOUND': 'No such user' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The user changed at the same moment; retry' })
  async revokeRole(
    @Param('id', UuidParam) id: string,
    @Param('role', RoleParam) role: Role,
    @RequestContext() context: CommandContext,
  ): Promise<UserDto> {
    await this.commands.execute(new RevokeRoles(id, [role], context));
    return this.queries.execute(new GetUserProfile(id));
  }

  @Post(':id/suspension')
  @HttpCode(200)
  @Policy('suspend', 'User')
  @ApiOperation({
    operationId: 'suspendUser',
    summary: 'Suspend an account',
    description: 'Every session of it ends at once (its access tokens stop working now), and it cannot sign in until unsuspended.',
  })
  @ApiOkResponse({ type: UserDto, description: 'The user, suspended' })
  @ApiProblem(404, { 'IDENTITY.USER_NOT_FOUND': 'No such user' })
  @ApiProblem(409, {
    'IDENTITY.ALREADY_SUSPENDED': 'The account is suspended already',
    'EVENT_STORE.VERSION_CONFLICT': 'The user or one of their sessions changed at the same moment; retry',
  })
  async suspend(@Param('id', UuidParam) id: string, @Body() body: SuspensionDto, @RequestContext() context: CommandContext): Promise<UserDto> {
    await this.commands.execute(new SuspendUser(id, body.reason, context));
    return this.queries.execute(new GetUserProfile(id));
  }

  @Delete(':id/suspension')
  @Policy('suspend', 'User')
  @ApiOperation({ operationId: 'unsuspendUser', summary: 'Lift a suspension', description: 'The owner signs in again; the sessions the suspension ended stay ended.' })
  @ApiOkResponse({ type: UserDto, description: 'The user, no longer suspended' })
  @ApiProblem(404, { 'IDENTITY.USER_NOT_FOUND': 'No such user' })
  @ApiProblem(409, {
    'IDENTITY.NOT_SUSPENDED': 'The account is not suspended',
    'EVENT_STORE.VERSION_CONFLICT': 'The user changed at the same moment; retry',
  })
  async unsuspend(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<UserDto> {
    await this.commands.execute(new UnsuspendUser(id, context));
    return this.queries.execute(new GetUserProfile(id));
  }
}

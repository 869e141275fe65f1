import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, PageQueryDto, Policy } from '#platform';
import { GetSecurityAlerts } from '../queries/get-security-alerts.js';
import { SecurityAlertPageDto } from './identity.dto.js';

@ApiTags('admin: security')
@Controller('api/v1/admin/security')
export class AdminSecurityController {
  constructor(private readonly queries: QueryBus) {}

  @Get('alerts')
  @Policy('read', 'SecurityAlert')
  @ApiOperation({
    operationId: 'listSecurityAlerts',
    summary: 'What the security scan found',
    description:
      'Credential stuffing (failed sign-ins from one address on many accounts), sign-ins to one account from many addresses, and refresh tokens reused after rotation; most recently seen first. The worker scans every SECURITY_ALERTS_EVERY_SECONDS.',
  })
  @ApiOkResponse({ type: SecurityAlertPageDto })
  alerts(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<SecurityAlertPageDto> {
    return this.queries.execute(new GetSecurityAlerts(page, actor));
  }
}

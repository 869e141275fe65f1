import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AppAbility, CallerAbility, Policy } from '#platform';
import { GetAuditTrail } from '../queries/get-audit-trail.js';
import { VerifyAuditChain } from '../queries/verify-audit-chain.js';
import { AuditChainVerificationDto, AuditTrailPageDto, AuditTrailQueryDto } from './audit.dto.js';

@ApiTags('admin: audit')
@Controller('api/v1/admin/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Policy('read', 'AuditLog')
  @ApiOperation({ operationId: 'listAuditEntries', summary: 'List the audit trail, newest first', description: 'Filter by event stream or by the user who caused the entries.' })
  @ApiOkResponse({ type: AuditTrailPageDto, description: 'Audit entries, newest first' })
  trail(@Query() query: AuditTrailQueryDto, @CallerAbility() ability: AppAbility): Promise<AuditTrailPageDto> {
    return this.queries.execute(new GetAuditTrail(query, ability));
  }

  @Get('verify')
  @Policy('read', 'AuditLog')
  @ApiOperation({ operationId: 'verifyAuditChain', summary: 'Check that no audit entry was edited, removed or reordered', description: 'Recomputes every hash of the chain; names the first broken link.' })
  @ApiOkResponse({ type: AuditChainVerificationDto, description: 'Whether every hash in the chain still holds' })
  verify(): Promise<AuditChainVerificationDto> {
    return this.queries.execute(new VerifyAuditChain());
  }
}

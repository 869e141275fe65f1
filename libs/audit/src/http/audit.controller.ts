import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ type: AuditTrailPageDto, description: 'Audit entries, newest first' })
  trail(@Query() query: AuditTrailQueryDto, @CallerAbility() ability: AppAbility): Promise<AuditTrailPageDto> {
    return this.queries.execute(new GetAuditTrail(query, ability));
  }

  @Get('verify')
  @Policy('read', 'AuditLog')
  @ApiOkResponse({ type: AuditChainVerificationDto, description: 'Whether every hash in the chain still holds' })
  verify(): Promise<AuditChainVerificationDto> {
    return this.queries.execute(new VerifyAuditChain());
  }
}

import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, type AppAbility, CallerAbility, CurrentActor, Policy, Public } from '#platform';
import { AuditSigner } from '../chain/audit-signer.js';
import { WriteAuditCheckpoint } from '../commands/write-audit-checkpoint.js';
import { GetAuditTrail } from '../queries/get-audit-trail.js';
import { VerifyAuditChain } from '../queries/verify-audit-chain.js';
import { AuditChainVerificationDto, AuditCheckpointDto, AuditPublicKeyDto, AuditTrailPageDto, AuditTrailQueryDto } from './audit.dto.js';

@ApiTags('admin: audit')
@Controller('api/v1/admin/audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @Policy('read', 'AuditLog')
  @ApiOperation({ operationId: 'listAuditEntries', summary: 'List the audit trail, newest first', description: 'Filter by event stream or by the user who caused the entries.' })
  @ApiOkResponse({ type: AuditTrailPageDto, description: 'Audit entries, newest first' })
  trail(@Query() query: AuditTrailQueryDto, @CallerAbility() ability: AppAbility): Promise<AuditTrailPageDto> {
    return this.queries.execute(new GetAuditTrail(query, ability));
  }

  @Get('verify')
  @Policy('read', 'AuditLog')
  @ApiOperation({
    operationId: 'verifyAuditChain',
    summary: 'Check that no audit entry was edited, removed or reordered',
    description:
      'Recomputes every hash of the chain, checks its numbering and every signed checkpoint (signature, length, head hash: a rewritten or shortened chain shows), and looks for events without an entry; names each problem.',
  })
  @ApiOkResponse({ type: AuditChainVerificationDto, description: 'Whether the chain holds, and every problem found' })
  verify(): Promise<AuditChainVerificationDto> {
    return this.queries.execute(new VerifyAuditChain());
  }

  @Post('checkpoints')
  @HttpCode(201)
  @Policy('checkpoint', 'AuditLog')
  @ApiOperation({
    operationId: 'writeAuditCheckpoint',
    summary: 'Sign a checkpoint of the audit chain now',
    description: 'The worker signs one every AUDIT_CHECKPOINT_SECONDS; with nothing new since the last one, that one is the answer.',
  })
  @ApiCreatedResponse({ type: AuditCheckpointDto })
  @ApiProblem(409, { 'AUDIT.CHAIN_BROKEN': 'The chain does not verify since the last checkpoint: nothing was signed' })
  checkpoint(@CurrentActor() actor: Actor): Promise<AuditCheckpointDto> {
    return this.commands.execute(new WriteAuditCheckpoint(actor));
  }
}

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditPublicKeyController {
  constructor(private readonly signer: AuditSigner) {}

  @Get('public-key')
  @Public('a public key is meant to be public: outsiders verify exported checkpoints with it')
  @ApiOperation({
    operationId: 'getAuditPublicKey',
    summary: 'The public key audit checkpoints are signed with',
    description: 'Ed25519: verify a checkpoint\'s signature over the canonical JSON of {chainLength, headHash, headSeq, signedAt}.',
  })
  @ApiOkResponse({ type: AuditPublicKeyDto })
  publicKey(): AuditPublicKeyDto {
    return { keyId: this.signer.keyId, algorithm: 'Ed25519', publicKeyPem: this.signer.publicKeyPem, previousKeys: this.signer.previousKeys };
  }
}

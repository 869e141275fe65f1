import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '#platform';

export class AuditTrailQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only entries of this event stream', example: 'user-2f1c…', minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  streamId?: string;

  @ApiPropertyOptional({ description: 'Only entries caused by this user', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'Position in the audit chain', example: 42 }) seq: number;
  @ApiProperty({ description: 'Position of the audited event in the event store', example: 57 }) globalPosition: number;
  @ApiProperty({ example: 'user-2f1c…' }) streamId: string;
  @ApiProperty({ example: 'user' }) streamType: string;
  @ApiProperty({ example: 'identity.roles-granted' }) eventType: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who caused it; null for the system' })
  actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the event was stored' }) occurredAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event data; members named like a password, secret or token read "[redacted]"',
  })
  payload: unknown;
  @ApiProperty({ description: 'sha256 hex of prevHash followed by the canonical JSON of the entry' }) hash: string;
  @ApiProperty({ description: 'The hash of the entry before (64 zeros for the first)' }) prevHash: string;
}

export class AuditTrailPageDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first' }) items: AuditEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}

export class BrokenLinkDto {
  @ApiProperty() seq: number;
  @ApiProperty() globalPosition: number;
  @ApiProperty({
    enum: ['hash-mismatch', 'prev-hash-mismatch'],
    description: 'hash-mismatch: the entry was edited; prev-hash-mismatch: an entry before it was removed or reordered',
  })
  reason: 'hash-mismatch' | 'prev-hash-mismatch';
  @ApiProperty({ description: 'The hash the chain requires here' }) expected: string;
  @ApiProperty({ description: 'The hash stored here' }) actual: string;
}

export class AuditCheckpointDto {
  @ApiProperty({ description: 'Entries in the chain when it was signed' }) chainLength: number;
  @ApiProperty({ description: 'The seq of its newest entry (0: empty)' }) headSeq: number;
  @ApiProperty({ description: 'The hash of its newest entry' }) headHash: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ description: 'Which key signed it (GET /api/v1/audit/public-key)' }) keyId: string;
  @ApiProperty({
    description: 'Ed25519 signature, base64url, of the canonical JSON (keys sorted, no spaces) of {chainLength, headHash, headSeq, signedAt}',
  })
  signature: string;
}

const PROBLEM_KINDS = ['hash-mismatch', 'prev-hash-mismatch', 'gap', 'bad-signature', 'unknown-key', 'checkpoint-mismatch', 'truncated', 'unaudited-event'];

export class AuditProblemDto {
  @ApiProperty({
    enum: PROBLEM_KINDS,
    description:
      'hash-mismatch: the entry at seq was edited; prev-hash-mismatch: one before it was removed or reordered; gap: entries before seq are missing; bad-signature: a checkpoint does not verify by the key it names; unknown-key: a checkpoint names a key neither current nor trusted (AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS); checkpoint-mismatch: the chain up to seq was rewritten since a checkpoint signed it; truncated: the chain is shorter than a checkpoint signed; unaudited-event: the event at globalPosition has no entry',
  })
  kind: string;
  @ApiProperty({ type: Number, nullable: true }) seq: number | null;
  @ApiProperty({ type: Number, nullable: true }) globalPosition: number | null;
  @ApiProperty() detail: string;
}

export class AuditChainVerificationDto {
  @ApiProperty({ description: 'No problem found' }) valid: boolean;
  @ApiProperty({ description: 'Entries examined' }) entriesChecked: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The seq of the newest entry' }) lastSeq: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The hash of the newest entry' }) headHash: string | null;
  @ApiProperty({ type: BrokenLinkDto, nullable: true }) firstBrokenLink: BrokenLinkDto | null;
  @ApiProperty({ description: 'Signed checkpoints checked against the chain' }) checkpointsChecked: number;
  @ApiProperty({ type: AuditCheckpointDto, nullable: true }) lastCheckpoint: AuditCheckpointDto | null;
  @ApiProperty({ type: [AuditProblemDto], description: 'Every problem, in chain order (the first 100)' }) problems: AuditProblemDto[];
}

export class PreviousAuditKeyDto {
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'SubjectPublicKeyInfo, PEM' }) publicKeyPem: string;
}

export class AuditPublicKeyDto {
  @ApiProperty({ description: 'The key new checkpoints are signed with' }) keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({ description: 'SubjectPublicKeyInfo, PEM' }) publicKeyPem: string;
  @ApiProperty({ type: [PreviousAuditKeyDto], description: 'Keys rotated out whose checkpoints still verify, by the key id each checkpoint names' })
  previousKeys: PreviousAuditKeyDto[];
}

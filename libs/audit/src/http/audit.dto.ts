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

export class AuditChainVerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'Entries examined, the broken one included' }) entriesChecked: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The seq of the last entry examined' }) lastSeq: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The hash of the last entry examined; for a valid chain its head (keep it elsewhere to detect truncation)',
  })
  headHash: string | null;
  @ApiProperty({ type: BrokenLinkDto, nullable: true }) firstBrokenLink: BrokenLinkDto | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '#platform';
import { QUARANTINE_REASONS } from '../domain/cleansing.js';
import { IMPORT_FORMATS } from '../imports/import-formats.js';

export class CleansingBatchDto {
  @ApiProperty({ example: 12 }) batchId: number;
  @ApiProperty({ format: 'date-time' }) finishedAt: string;
  @ApiProperty({ example: 5000, description: 'Raw rows the batch took' }) rowsIn: number;
  @ApiProperty({ example: 4890, description: 'Clean facts it kept' }) rowsOut: number;
  @ApiProperty({ example: 60, description: 'Exact duplicates (same source and event id) dropped' }) duplicates: number;
  @ApiProperty({ example: 30, description: 'Near-duplicates (same user, item and type within the window) dropped' }) nearDuplicates: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { durationMs: 14, platform: 3 }, description: 'Values imputed, per field' })
  imputed: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { 'bad-timestamp': 20 }, description: 'Rows quarantined, per reason' })
  quarantined: Record<string, number>;
}

export class CleansingBatchPageDto {
  @ApiProperty({ type: [CleansingBatchDto], description: 'Newest first' }) items: CleansingBatchDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}

export class QuarantineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'fixed', 'discarded'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'fixed', 'discarded'])
  status?: 'open' | 'fixed' | 'discarded';

  @ApiPropertyOptional({ enum: QUARANTINE_REASONS })
  @IsOptional()
  @IsIn(QUARANTINE_REASONS)
  reason?: string;
}

export class QuarantinedRowDto {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: 12 }) batchId: number;
  @ApiProperty({ example: 'import:7', description: 'client, server, import:<job>, quarantine-fix' }) source: string;
  @ApiProperty({ example: 'row-118' }) sourceEventId: string;
  @ApiProperty({ example: 'view' }) eventType: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the source sent' }) payload: Record<string, unknown>;
  @ApiProperty({ enum: QUARANTINE_REASONS }) reason: string;
  @ApiProperty({ example: 'occurredAt "yesterday" is not ISO 8601, epoch ms or "YYYY-MM-DD HH:mm:ss"' }) detail: string;
  @ApiProperty({ enum: ['open', 'fixed', 'discarded'] }) status: string;
}

export class QuarantinePageDto {
  @ApiProperty({ type: [QuarantinedRowDto], description: 'Oldest first' }) items: QuarantinedRowDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}

export class QuarantineFixDto {
  @ApiPropertyOptional({ example: 'view' }) @IsOptional() @IsString() @MaxLength(32) eventType?: string;

  @ApiPropertyOptional({ example: '2026-11-20 08:00:00', description: 'ISO 8601, epoch milliseconds as digits, or "YYYY-MM-DD HH:mm:ss" in timeZone' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  occurredAt?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ example: 'ios' }) @IsOptional() @IsString() @MaxLength(32) platform?: string;
  @ApiPropertyOptional({ example: 'Asia/Shanghai' }) @IsOptional() @IsString() @MaxLength(64) timeZone?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { durationMs: 30000 }, description: 'Props to set, over those sent' })
  @IsOptional()
  @IsObject()
  props?: Record<string, unknown>;
}

export class ImportUploadDto {
  @ApiProperty({ enum: IMPORT_FORMATS, example: 'csv' }) @IsIn(IMPORT_FORMATS) format: 'csv' | 'jsonl' | 'xml';

  @ApiPropertyOptional({ example: 'Asia/Shanghai', description: 'Zone of "YYYY-MM-DD HH:mm:ss" times without a time_zone column' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiProperty({
    example: 'event_id,type,user_id,item_id,occurred_at\nr1,view,0b7c…,5d1e…,2026-11-20 08:00:00\n',
    description:
      'The file\'s text (up to HTTP_BODY_LIMIT_BYTES; larger files through `npm run zhiku -- import FILE`). Fields: event_id, type, user_id, ' +
      'device_id, item_id, occurred_at, time_zone, platform, duration_ms, progress, rating, query, channel, amount_cents, currency — CSV columns, ' +
      'JSON Lines keys, or child elements of each <event> in XML',
  })
  @IsString()
  content: string;
}

export class ImportQueuedDto {
  @ApiProperty({ format: 'uuid' }) importId: string;
  @ApiProperty({ enum: ['queued'] }) status: string;
}

export class ImportDto {
  @ApiProperty({ format: 'uuid' }) importId: string;
  @ApiProperty({ enum: IMPORT_FORMATS }) format: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ example: 1200, description: 'Records stored in the raw table so far; cleansing takes them with its next batches' }) rows: number;
  @ApiProperty({ example: 'import:0b7c3f0e-…', description: 'The source its rows, facts and quarantined rows carry' }) source: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why a failed import stopped (the records before that point were kept)' }) error: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class QuarantineDecisionDto {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ enum: ['fixed', 'discarded'] }) status: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CLIENT_EVENT_TYPES, MAX_BATCH_EVENTS } from '../domain/event-schemas.js';

export class ClientEventDto {
  @ApiProperty({ example: 'e-20261128-0001', description: 'Unique per device (or user): a retried batch is de-duplicated by it' })
  clientEventId: string;
  @ApiProperty({ enum: CLIENT_EVENT_TYPES, example: 'view' }) type: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    example: '2026-11-28T08:00:00+08:00',
    description: 'ISO 8601, epoch milliseconds, or "YYYY-MM-DD HH:mm:ss" in the batch\'s timeZone',
  })
  occurredAt: string | number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The item (every type but search)' }) itemId?: string;
  @ApiPropertyOptional({ example: 'ios', description: 'ios, android, web, miniapp (other spellings are normalised)' }) platform?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { durationMs: 42000 },
    description:
      'By type: view {durationMs?}, play {positionMs?, progress? 0..1, durationMs?}, search {query}, click {target?, servedId?}, share {channel}, rate {rating 1..5}',
  })
  props?: Record<string, unknown>;
}

export class EventBatchDto {
  @ApiPropertyOptional({ example: 'device-7f3a', description: 'The app installation; required without a sign-in' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'deviceId must be 1 to 128 letters, digits or . _ : -' })
  deviceId?: string;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', description: 'IANA zone of "YYYY-MM-DD HH:mm:ss" timestamps (UTC if absent)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiProperty({
    type: [ClientEventDto],
    description: `Up to ${MAX_BATCH_EVENTS} events; each is checked on its own, and items past ${MAX_BATCH_EVENTS} are refused by index`,
  })
  @IsArray()
  @ArrayMinSize(1)
  events: unknown[];
}

export class RejectedEventDto {
  @ApiProperty({ example: 3, description: 'Position of the item in `events`' }) index: number;
  @ApiProperty({ type: 'string', nullable: true, example: 'e-20261128-0004' }) clientEventId: string | null;
  @ApiProperty({ example: 'a view event needs an itemId (UUID)' }) reason: string;
}

export class BatchReceiptDto {
  @ApiProperty({ example: 499, description: 'Events kept' }) accepted: number;
  @ApiProperty({ type: [RejectedEventDto], description: 'Events refused, each with why; empty when all were kept' }) rejected: RejectedEventDto[];
}

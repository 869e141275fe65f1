import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { REJECTION_REASONS } from '../domain/media-asset-events.js';
import { ACCEPTED_TYPES, MEDIA_KINDS } from '../domain/media-types.js';

const ACCEPTED = MEDIA_KINDS.map((kind) => `${kind}: ${Object.keys(ACCEPTED_TYPES[kind]).join(', ')}`).join('; ');

export class DeclareUploadDto {
  @ApiProperty({ enum: MEDIA_KINDS, example: 'video' })
  @IsString()
  @MaxLength(32)
  kind: string;

  @ApiProperty({ example: 'video/mp4', description: `Exactly one of the types the kind accepts (no parameters) — ${ACCEPTED}` })
  @IsString()
  @MaxLength(200)
  mimeType: string;

  @ApiProperty({ example: 52_428_800, description: 'The exact size of the file in bytes; each kind has its limit (MEDIA_MAX_*_BYTES)' })
  @IsInt()
  sizeBytes: number;

  @ApiProperty({ example: '第一课.mp4', description: 'Names the download only (never a path on the server); no / or \\, no control characters' })
  @IsString()
  @MaxLength(1024)
  fileName: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The lesson of the content this file belongs to' })
  @IsOptional()
  @IsUUID('all')
  lessonId?: string;
}

export class UploadTargetDto {
  @ApiProperty({ enum: ['PUT'] }) method: 'PUT';
  @ApiProperty({
    description:
      'Where to PUT the bytes: an object store\'s presigned URL, or (local store) a path of this api, relative to its origin. Short-lived (MEDIA_UPLOAD_URL_TTL_SECONDS).',
  })
  url: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'content-type': 'video/mp4', 'content-length': '52428800' },
    description: 'Send exactly these headers: they are bound into the URL',
  })
  headers: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class MediaRejectionDto {
  @ApiProperty({ enum: REJECTION_REASONS }) reason: string;
  @ApiProperty({ example: 'declared video/mp4, the bytes are png' }) detail: string;
}

export class MediaAssetDto {
  @ApiProperty({ format: 'uuid' }) assetId: string;
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) lessonId: string | null;
  @ApiProperty({ enum: MEDIA_KINDS }) kind: string;
  @ApiProperty({ type: String, nullable: true, example: 'video/mp4', description: 'Null while `locked`' }) mimeType: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Null while `locked`' }) sizeBytes: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null while `locked`' }) fileName: string | null;
  @ApiProperty({
    enum: ['declared', 'uploaded', 'ready', 'rejected'],
    description: 'declared: waiting for its bytes; uploaded: being checked; ready: playable; rejected: see `rejection`',
  })
  status: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Audio and video, when the container states it (MP4, MOV, M4A, WAV, FLAC)' })
  durationSeconds: number | null;
  @ApiProperty({
    description:
      'True when the asset belongs to a lesson not open to you yet (a time-released lesson): it is listed with its lesson, kind and `unlocksAt`, ' +
      'but nothing of its file (name, type, size, length: null) until the lesson opens',
  })
  locked: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a locked asset\'s lesson opens for you; null otherwise' })
  unlocksAt: string | null;
  @ApiProperty({ type: MediaRejectionDto, nullable: true }) rejection: MediaRejectionDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DeclaredUploadDto {
  @ApiProperty({ type: MediaAssetDto }) asset: MediaAssetDto;
  @ApiProperty({ type: UploadTargetDto }) upload: UploadTargetDto;
}

export class MediaAssetPageDto {
  @ApiProperty({ type: [MediaAssetDto] }) items: MediaAssetDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class PlaybackUrlDto {
  @ApiProperty({
    example: '/api/v1/media/files/0b7c…?expires=1764770000&signature=…',
    description: 'Relative to this api. GET it with your own bearer token (it is bound to you); `Range` is honoured.',
  })
  url: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

/** The query of a signed media URL. */
export class SignedUrlQueryDto {
  @ApiProperty({ description: 'Unix seconds after which the URL no longer works' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  expires: number;

  @ApiProperty({ description: 'The server\'s signature of the URL' })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_-]+$/)
  signature: string;
}

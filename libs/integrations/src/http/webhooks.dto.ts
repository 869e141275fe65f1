import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '#platform';
import { MAX_URL_LENGTH } from '../domain/webhook-endpoint.js';
import { webhookEventTypes } from '../domain/webhook-event-types.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'canceled'] as const;

export class RegisterWebhookEndpointDto {
  @ApiProperty({ example: 'https://erp.example.com/zhiku/webhooks', maxLength: MAX_URL_LENGTH, description: 'http(s) only, no credentials; in production a public address only' })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url: string;

  @ApiProperty({ enum: webhookEventTypes, isArray: true, example: ['order.paid', 'refund.succeeded'], description: 'What to send there' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(webhookEventTypes.length)
  @IsIn(webhookEventTypes, { each: true })
  eventTypes: string[];

  @ApiPropertyOptional({ maxLength: 200, example: 'Finance ERP', default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) endpointId: string;
  @ApiProperty({ example: 'https://erp.example.com/zhiku/webhooks' }) url: string;
  @ApiProperty({ enum: webhookEventTypes, isArray: true }) eventTypes: string[];
  @ApiProperty({ example: 'Finance ERP' }) description: string;
  @ApiProperty({ enum: ['enabled', 'disabled'] }) status: 'enabled' | 'disabled';
  @ApiProperty({ format: 'uuid' }) registeredBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) secretRotatedAt: string | null;
}

export class RegisteredWebhookEndpointDto extends WebhookEndpointDto {
  @ApiProperty({
    example: 'whsec_3q2-7wZ…',
    description:
      'The signing secret, shown this once. Each delivery carries `Zhiku-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (a v1 per secret in use: two for a day after a rotation; accept any one).',
  })
  secret: string;
}

export class RotatedWebhookSecretDto {
  @ApiProperty({ description: 'The new secret, shown this once; the previous one keeps signing beside it for 24 hours' }) secret: string;
}

export class WebhookEndpointPageDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) items: WebhookEndpointDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class WebhookAttemptDto {
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ enum: ['event', 'redelivery'] }) trigger: 'event' | 'redelivery';
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ example: 83 }) latencyMs: number;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) outcome: 'succeeded' | 'failed';
  @ApiProperty({ type: Number, nullable: true, example: 200, description: 'null when no answer came' }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The start of the answer (512 characters at most)' }) responseSnippet: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'timed out', description: 'Why no answer came' }) error: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Also the `id` of the body and the `Zhiku-Webhook-Id` header: the same on every attempt, to deduplicate by' })
  deliveryId: string;
  @ApiProperty({ format: 'uuid' }) endpointId: string;
  @ApiProperty({ enum: webhookEventTypes }) eventType: string;
  @ApiProperty({ description: 'The event\'s position in the event log' }) eventPosition: number;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: 'canceled: the endpoint was disabled or deleted before it went out' })
  status: 'pending' | 'delivered' | 'failed' | 'canceled';
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The body sent: `{ id, type, occurredAt, data }`' }) payload: unknown;
  @ApiProperty({ type: [WebhookAttemptDto], description: 'Oldest first' }) attemptLog: WebhookAttemptDto[];
}

export class WebhookDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: 'Only deliveries in this state (e.g. the failed ones, to redeliver)' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: (typeof DELIVERY_STATUSES)[number];
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RedeliveryRequestedDto {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
}

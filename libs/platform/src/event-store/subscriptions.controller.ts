import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Policy } from '../authz/route-access.decorator.js';
import { DomainError } from '../domain/index.js';
import { ApiProblem } from '../http/api-problem.decorator.js';
import { PositiveIntegerParam } from '../http/integer-param.pipe.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, PageQueryDto, toPage } from '../http/pagination.js';
import { type ParkedEvent, parkedEvents } from './parked-events.js';
import { subscriptionStatuses } from './subscription-status.js';

class EventPositionDto {
  @ApiProperty({ description: 'Transaction id (xid8, decimal) of the last event passed' }) transactionId: string;
  @ApiProperty({ description: 'Global position of the last event passed' }) globalPosition: number;
}

class SubscriptionStatusDto {
  @ApiProperty({ example: 'audit' }) name: string;
  @ApiProperty({ type: EventPositionDto }) position: EventPositionDto;
  @ApiProperty({ description: 'Some worker leads it right now' }) running: boolean;
  @ApiProperty({ description: 'Committed events it has not passed yet' }) eventsBehind: number;
  @ApiProperty({ description: 'Age in seconds of the oldest of those; 0 when caught up' }) secondsBehind: number;
  @ApiProperty({ description: 'Events it gave up on, waiting for a retry' }) parkedEvents: number;
  @ApiProperty({ format: 'date-time' }) checkpointMovedAt: string;
}

class SubscriptionListDto {
  @ApiProperty({ type: [SubscriptionStatusDto] }) items: SubscriptionStatusDto[];
}

class ParkedEventDto {
  @ApiProperty({ example: 'audit' }) subscription: string;
  @ApiProperty() globalPosition: number;
  @ApiProperty() transactionId: string;
  @ApiProperty({ example: 'commerce.order-paid' }) eventType: string;
  @ApiProperty({ description: 'Deliveries tried so far' }) attempts: number;
  @ApiProperty({ description: 'The error of the last attempt' }) lastError: string;
  @ApiProperty({ enum: ['parked', 'retry_requested'] }) status: string;
  @ApiProperty({ format: 'date-time' }) parkedAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

class ParkedEventPageDto {
  @ApiProperty({ type: [ParkedEventDto], description: 'Oldest first' }) items: ParkedEventDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor: string | null;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;

function subscriptionName(name: string): string {
  if (!NAME.test(name)) throw new DomainError('SUBSCRIPTION.NOT_FOUND', 'not_found', 'No such subscription.');
  return name;
}

const toDto = (parked: ParkedEvent): ParkedEventDto => ({
  ...parked,
  parkedAt: parked.parkedAt.toISOString(),
  updatedAt: parked.updatedAt.toISOString(),
});

/** Staff view of the event subscriptions: how far behind each is, and the events it gave up on. */
@ApiTags('admin: subscriptions')
@Controller('api/v1/admin/subscriptions')
export class SubscriptionsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Policy('read', 'Subscription')
  @ApiOperation({ operationId: 'listSubscriptions', summary: 'List the event subscriptions with their lag and parked events' })
  @ApiOkResponse({ type: SubscriptionListDto })
  async list(): Promise<SubscriptionListDto> {
    const statuses = await subscriptionStatuses(this.dataSource.manager);
    return { items: statuses.map((status) => ({ ...status, checkpointMovedAt: status.checkpointMovedAt.toISOString() })) };
  }

  @Get(':name/parked')
  @Policy('read', 'Subscription')
  @ApiOperation({ operationId: 'listParkedEvents', summary: 'List the events a subscription gave up on, oldest first' })
  @ApiOkResponse({ type: ParkedEventPageDto })
  @ApiProblem(404, { 'SUBSCRIPTION.NOT_FOUND': 'The name is not one a subscription can have' })
  async parked(@Param('name') name: string, @Query() page: PageQueryDto): Promise<ParkedEventPageDto> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(page.cursor, ['integer']);
    const rows = await parkedEvents.list(this.dataSource.manager, subscriptionName(name), after ? Number(after[0]) : null, limit + 1);
    return toPage(rows, limit, toDto, (row) => [row.globalPosition]);
  }

  @Post(':name/parked/:position/retry')
  @HttpCode(202)
  @Policy('retry', 'Subscription')
  @ApiOperation({
    operationId: 'retryParkedEvent',
    summary: 'Deliver a parked event to its subscription again',
    description: 'For when the cause of its failures is fixed; the leading worker retries it shortly.',
  })
  @ApiAcceptedResponse({ type: ParkedEventDto, description: 'The leading worker delivers it again shortly' })
  @ApiProblem(404, {
    'SUBSCRIPTION.NOT_FOUND': 'The name is not one a subscription can have',
    'SUBSCRIPTION.NOTHING_PARKED': 'No event of this subscription is parked at this position',
  })
  async retry(@Param('name') name: string, @Param('position', PositiveIntegerParam) position: number): Promise<ParkedEventDto> {
    const parked = await parkedEvents.requestRetry(this.dataSource.manager, subscriptionName(name), position);
    if (!parked) throw new DomainError('SUBSCRIPTION.NOTHING_PARKED', 'not_found', 'No event is parked at this position.');
    return toDto(parked);
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, InputLimitsOf, PublicOrSignedIn, RequestContext } from '#platform';
import { RecordBehaviourEvents } from '../commands/record-behaviour-events.js';
import { BatchReceiptDto, EventBatchDto } from './events.dto.js';

@ApiTags('events')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(202)
  @PublicOrSignedIn('anonymous visitors browse too; their events carry a device id, linked to the user who signs in on it')
  // 500 events of up to ~12 members each, and room for the items past 500 to be named, not refused whole.
  @InputLimitsOf({ maxDepth: 4, maxMembers: 20_000 })
  @ApiOperation({
    operationId: 'recordEvents',
    summary: 'Send a batch of behaviour events (view, play, search, click, share, rate)',
    description:
      'Each event is validated against its type\'s schema. Good events are kept and bad ones are named in `rejected` ' +
      '(partial acceptance); a batch without one good event is refused with 400. Limited per user and per client address per minute.',
  })
  @ApiAcceptedResponse({ type: BatchReceiptDto, description: 'Kept for cleansing; `rejected` names any item refused' })
  @ApiProblem(400, { 'ANALYTICS.BATCH_REJECTED': 'No event of the batch is valid; `errors` names each (`events.<index>`)' })
  @ApiProblem(422, {
    'ANALYTICS.DEVICE_ID_REQUIRED': 'Sent without a sign-in and without deviceId',
    'ANALYTICS.UNKNOWN_TIME_ZONE': 'timeZone is not an IANA zone name',
  })
  @ApiProblem(429, { 'ANALYTICS.RATE_LIMITED': 'Too many events from this user or address this minute; see Retry-After' })
  @ApiProblem(503, { 'ANALYTICS.BUSY': 'Redis, which counts the limits, is unreachable; send again after Retry-After' })
  record(@RequestContext() context: CommandContext, @Body() body: EventBatchDto): Promise<BatchReceiptDto> {
    return this.commands.execute(new RecordBehaviourEvents(context, body.deviceId ?? null, body.timeZone ?? null, body.events));
  }
}

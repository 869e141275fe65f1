import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, DEFAULT_PAGE_SIZE, PageQueryDto, Policy, RequestContext, UuidParam } from '#platform';
import { ChangeWebhookEndpoint } from '../commands/change-webhook-endpoint.js';
import { RedeliverWebhook } from '../commands/redeliver-webhook.js';
import { RegisterWebhookEndpoint } from '../commands/register-webhook-endpoint.js';
import { RotateWebhookSecret } from '../commands/rotate-webhook-secret.js';
import { IntegrationsErrors } from '../domain/integrations.errors.js';
import { ListWebhookDeliveries } from '../queries/webhook-deliveries.js';
import { GetWebhookEndpoint, ListWebhookEndpoints, type WebhookEndpointView } from '../queries/webhook-endpoints.js';
import {
  RedeliveryRequestedDto,
  RegisteredWebhookEndpointDto,
  RegisterWebhookEndpointDto,
  RotatedWebhookSecretDto,
  WebhookDeliveriesQueryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
} from './webhooks.dto.js';

const CONCURRENT_CHANGE = { 'EVENT_STORE.VERSION_CONFLICT': 'Someone changed this endpoint at the same moment; reload and retry' };

/** Operators wire integrators in: endpoints that receive signed commerce events, and the log of what was sent. */
@ApiTags('admin: webhooks')
@Controller('api/v1/admin/webhooks')
export class AdminWebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('register', 'WebhookEndpoint')
  @ApiOperation({
    operationId: 'registerWebhookEndpoint',
    summary: 'Register an endpoint for some order, refund and subscription events; its signing secret is in the answer, once',
  })
  @ApiCreatedResponse({ type: RegisteredWebhookEndpointDto })
  @ApiProblem(422, {
    'INTEGRATIONS.URL_NOT_ALLOWED': 'Not http(s), credentials in the URL, or (in production) not a public address; `detail` says which',
    'INTEGRATIONS.EVENT_TYPES_INVALID': 'No event type, or one integrators cannot subscribe to',
  })
  // Ids are made by the server, so only a replayed register of the same id could meet this.
  @ApiProblem(409, { 'INTEGRATIONS.ENDPOINT_EXISTS': 'An endpoint with this id was registered already' })
  async register(@Body() body: RegisterWebhookEndpointDto, @RequestContext() context: CommandContext): Promise<RegisteredWebhookEndpointDto> {
    const { endpointId, secret } = await this.commands.execute(new RegisterWebhookEndpoint(body.url, body.eventTypes, body.description ?? '', context));
    return { ...(await this.endpoint(endpointId)), secret };
  }

  @Get()
  @Policy('read', 'WebhookEndpoint')
  @ApiOperation({ operationId: 'listWebhookEndpoints', summary: 'The endpoints (not deleted), newest first' })
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  list(@Query() query: PageQueryDto): Promise<WebhookEndpointPageDto> {
    return this.queries.execute(new ListWebhookEndpoints(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Get(':id')
  @Policy('read', 'WebhookEndpoint')
  @ApiOperation({ operationId: 'getWebhookEndpoint', summary: 'One endpoint (never its secret)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblem(404, { 'INTEGRATIONS.ENDPOINT_NOT_FOUND': 'No such endpoint, or it was deleted' })
  get(@Param('id', UuidParam) id: string): Promise<WebhookEndpointDto> {
    return this.endpoint(id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Policy('change', 'WebhookEndpoint')
  @ApiOperation({ operationId: 'disableWebhookEndpoint', summary: 'Stop sending to an endpoint; deliveries not sent yet are canceled (again: no-op)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblem(404, { 'INTEGRATIONS.ENDPOINT_NOT_FOUND': 'No such endpoint, or it was deleted' })
  @ApiProblem(409, CONCURRENT_CHANGE)
  async disable(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<WebhookEndpointDto> {
    await this.commands.execute(new ChangeWebhookEndpoint(id, 'Disable', context));
    return this.endpoint(id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Policy('change', 'WebhookEndpoint')
  @ApiOperation({ operationId: 'enableWebhookEndpoint', summary: 'Send to a disabled endpoint again, from the next event on (again: no-op)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblem(404, { 'INTEGRATIONS.ENDPOINT_NOT_FOUND': 'No such endpoint, or it was deleted' })
  @ApiProblem(409, CONCURRENT_CHANGE)
  async enable(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<WebhookEndpointDto> {
    await this.commands.execute(new ChangeWebhookEndpoint(id, 'Enable', context));
    return this.endpoint(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Policy('change', 'WebhookEndpoint')
  @ApiOperation({ operationId: 'deleteWebhookEndpoint', summary: 'Delete an endpoint and forget its secret (again: no-op)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(404, { 'INTEGRATIONS.ENDPOINT_NOT_FOUND': 'No such endpoint' })
  @ApiProblem(409, CONCURRENT_CHANGE)
  async remove(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ChangeWebhookEndpoint(id, 'Delete', context));
  }

  @Post(':id/secret')
  @HttpCode(200)
  @Policy('rotate', 'WebhookEndpoint')
  @ApiOperation({ operationId: 'rotateWebhookSecret', summary: 'A new signing secret, shown once; the previous one still signs for 24 hours' })
  @ApiOkResponse({ type: RotatedWebhookSecretDto })
  @ApiProblem(404, { 'INTEGRATIONS.ENDPOINT_NOT_FOUND': 'No such endpoint, or it was deleted' })
  @ApiProblem(409, CONCURRENT_CHANGE)
  rotate(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<RotatedWebhookSecretDto> {
    return this.commands.execute(new RotateWebhookSecret(id, context));
  }

  @Get(':id/deliveries')
  @Policy('read', 'WebhookEndpoint')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: "An endpoint's deliveries, newest first, each with its attempts; optionally of one status" })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblem(404, { 'INTEGRATIONS.ENDPOINT_NOT_FOUND': 'No such endpoint, or it was deleted' })
  deliveries(@Param('id', UuidParam) id: string, @Query() query: WebhookDeliveriesQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.queries.execute(new ListWebhookDeliveries(id, query.status ?? null, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @Policy('redeliver', 'WebhookEndpoint')
  @ApiOperation({
    operationId: 'redeliverWebhook',
    summary: 'Send one delivery again (same id and body, signed afresh), whatever became of it',
    description: 'Recorded at once; a worker sends it shortly, and its attempts join the delivery log.',
  })
  @ApiAcceptedResponse({ type: RedeliveryRequestedDto })
  @ApiProblem(404, { 'INTEGRATIONS.ENDPOINT_NOT_FOUND': 'No such endpoint, or it was deleted', 'INTEGRATIONS.DELIVERY_NOT_FOUND': 'No such delivery for this endpoint' })
  @ApiProblem(409, { 'INTEGRATIONS.ENDPOINT_DISABLED': 'The endpoint is disabled; enable it first', ...CONCURRENT_CHANGE })
  redeliver(
    @Param('id', UuidParam) id: string,
    @Param('deliveryId', UuidParam) deliveryId: string,
    @RequestContext() context: CommandContext,
  ): Promise<RedeliveryRequestedDto> {
    return this.commands.execute(new RedeliverWebhook(id, deliveryId, context));
  }

  private async endpoint(id: string): Promise<WebhookEndpointView> {
    const endpoint = await this.queries.execute(new GetWebhookEndpoint(id));
    if (!endpoint) throw IntegrationsErrors.endpointNotFound();
    return endpoint;
  }
}

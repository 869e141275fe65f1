import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type CommandContext, ProblemDetailsDto, Public, RequestContext } from '#platform';
import { ReceiveSandboxWebhook } from '../commands/receive-sandbox-webhook.js';
import { SandboxWebhookDto, WebhookAckDto } from './commerce.dto.js';

@ApiTags('payments')
@Controller('api/v1/payments/webhooks')
export class SandboxWebhookController {
  constructor(private readonly commands: CommandBus) {}

  @Post('sandbox')
  @HttpCode(200)
  @Public('called by the payment provider; authenticated by the HMAC signature over the raw body')
  @ApiHeader({ name: 'Zhiku-Signature', required: true, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>' })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'Signature missing, stale or wrong' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No order has this payment' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Amount or currency does not match the order' })
  async receive(
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Headers('zhiku-signature') signature: string | undefined,
    @Body() body: SandboxWebhookDto,
    @RequestContext() context: CommandContext,
  ): Promise<WebhookAckDto> {
    const { duplicate } = await this.commands.execute(
      new ReceiveSandboxWebhook(request.rawBody ?? Buffer.alloc(0), signature, body, context),
    );
    return { received: true, duplicate };
  }
}

import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
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
import { type CommandContext, ProblemDetailsDto, Public, RequestContext } from '#platform';
import { ReceiveSandboxWebhook } from '../commands/receive-sandbox-webhook.js';
import { SandboxSignatureGuard } from '../payments/sandbox-signature.guard.js';
import { SandboxWebhookDto, WebhookAckDto } from './commerce.dto.js';

@ApiTags('payments')
@Controller('api/v1/payments/webhooks')
export class SandboxWebhookController {
  constructor(private readonly commands: CommandBus) {}

  @Post('sandbox')
  @HttpCode(200)
  @Public('called by the payment provider; authenticated by the HMAC signature over the raw body')
  @UseGuards(SandboxSignatureGuard)
  @ApiHeader({ name: 'Zhiku-Signature', required: true, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>' })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'Signature missing, stale or wrong' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No order has this payment' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Amount or currency does not match the order' })
  async receive(@Body() body: SandboxWebhookDto, @RequestContext() context: CommandContext): Promise<WebhookAckDto> {
    const { duplicate } = await this.commands.execute(new ReceiveSandboxWebhook(body, context));
    return { received: true, duplicate };
  }
}

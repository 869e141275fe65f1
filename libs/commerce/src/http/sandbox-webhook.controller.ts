import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, Public, RequestContext } from '#platform';
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
  @ApiOperation({
    operationId: 'receiveSandboxWebhook',
    summary: 'Receive a payment event from the sandbox provider',
    description:
      'Signed by the provider over the raw body and stored before it is applied (the inbox). Each event is applied once: a redelivery is ' +
      'acknowledged with `duplicate: true`. Events may come in any order: a refund of a payment not confirmed yet is deferred until it is. ' +
      'Fields and event types this API does not know are kept and acknowledged.',
  })
  @ApiHeader({ name: 'Zhiku-Signature', required: true, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>' })
  @ApiOkResponse({ type: WebhookAckDto })
  // The codes are COMMERCE.WEBHOOK_SIGNATURE_<reason> for each reason verifySandboxSignature gives.
  @ApiProblem(401, {
    'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED': 'The Zhiku-Signature header is missing or malformed',
    'COMMERCE.WEBHOOK_SIGNATURE_STALE': 'The signature timestamp is outside the accepted window',
    'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH': 'The signature does not match the body',
  })
  @ApiProblem(404, { 'COMMERCE.PAYMENT_NOT_FOUND': 'No order or membership has this payment' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Another event for the same order was applied at the same moment; deliver it again' })
  @ApiProblem(422, {
    'COMMERCE.PAYMENT_AMOUNT_MISMATCH': 'The paid amount or currency does not match the order',
    'COMMERCE.REFUND_EXCEEDS_PAYMENT': 'The refund is larger than what is left of the payment',
  })
  async receive(@Body() body: SandboxWebhookDto, @RequestContext() context: CommandContext): Promise<WebhookAckDto> {
    const { duplicate, status } = await this.commands.execute(new ReceiveSandboxWebhook(body, context));
    return { received: true, duplicate, status };
  }
}

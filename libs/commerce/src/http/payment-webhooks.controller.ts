import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem, type CommandContext, Public, RequestContext } from '#platform';
import { ReceiveProviderEvent } from '../commands/receive-provider-event.js';
import { PaymentProviders } from '../payments/payment-providers.js';
import { SandboxSignatureGuard } from '../payments/sandbox-signature.guard.js';
import { SandboxWebhookDto, WebhookAckDto } from './commerce.dto.js';

/** What applying an event can be refused with, whichever provider sent it. */
const PAYMENT_NOT_FOUND = {
  'COMMERCE.PAYMENT_NOT_FOUND': 'No order or membership opened with this provider has this payment',
  'COMMERCE.PAYOUT_NOT_FOUND': 'No payout paid through this provider has this id',
};
const VersionConflict = () =>
  ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Another event for the same order was applied at the same moment; deliver it again' });
const AmountRefused = () =>
  ApiProblem(422, {
    'COMMERCE.PAYMENT_AMOUNT_MISMATCH': 'The paid amount or currency does not match the order',
    'COMMERCE.REFUND_EXCEEDS_PAYMENT': 'The refund is larger than what is left of the payment',
  });

@ApiTags('payments')
@Controller()
export class PaymentWebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly providers: PaymentProviders,
  ) {}

  @Post('api/v1/payments/webhooks/sandbox')
  @HttpCode(200)
  @Public('called by the payment provider; authenticated by the HMAC signature over the raw body')
  @UseGuards(SandboxSignatureGuard)
  @ApiOperation({
    operationId: 'receiveSandboxWebhook',
    summary: 'Receive a payment event from the sandbox provider',
    description:
      'Signed by the provider over the raw body and stored before it is applied (the inbox). Each event is applied once: a redelivery is ' +
      'acknowledged with `duplicate: true`. Events may come in any order: a refund of a payment not confirmed yet is deferred until it is. ' +
      'Fields and event types this API does not know are kept and acknowledged. The same as `POST /api/v1/webhooks/payments/sandbox`.',
  })
  @ApiHeader({ name: 'Zhiku-Signature', required: true, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>' })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiProblem(400, { 'COMMERCE.WEBHOOK_PAYLOAD_INVALID': 'The event lacks a field its type needs (a payment id, an amount); `errors` names it' })
  // The codes are COMMERCE.WEBHOOK_SIGNATURE_<reason> for each reason verifySandboxSignature gives.
  @ApiProblem(401, {
    'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED': 'The Zhiku-Signature header is missing or malformed',
    'COMMERCE.WEBHOOK_SIGNATURE_STALE': 'The signature timestamp is outside the accepted window',
    'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH': 'The signature does not match the body',
  })
  @ApiProblem(404, PAYMENT_NOT_FOUND)
  @VersionConflict()
  @AmountRefused()
  async receiveSandbox(@Body() body: SandboxWebhookDto, @RequestContext() context: CommandContext): Promise<WebhookAckDto> {
    const { duplicate, status } = await this.commands.execute(new ReceiveProviderEvent('sandbox', body, context));
    return { received: true, duplicate, status };
  }

  @Post('api/v1/webhooks/payments/:provider')
  @HttpCode(200)
  @Public("called by the payment provider; authenticated by the provider's own signature over the raw body")
  @ApiOperation({
    operationId: 'receivePaymentNotification',
    summary: "Receive a payment provider's notification",
    description:
      "Verified as the provider specifies (sandbox: Zhiku-Signature HMAC; stripe: Stripe-Signature; alipay: RSA2 over the sorted parameters; " +
      'wechatpay: Wechatpay-Signature over timestamp, nonce and body, resource decrypted with the APIv3 key), translated into a provider event, ' +
      'stored once by (provider, event id) and applied as the sandbox route applies it. The answer is what the provider expects ' +
      '(alipay: the text `success`; others: the JSON acknowledgement).',
  })
  @ApiParam({ name: 'provider', enum: ['sandbox', 'stripe', 'alipay', 'wechatpay'] })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiProblem(400, {
    'COMMERCE.WEBHOOK_PAYLOAD_INVALID': 'The notification verified but cannot be read as the provider documents it, or lacks a field its type needs; `errors` says which',
  })
  @ApiProblem(401, {
    'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED': "The provider's signature headers or fields are missing or malformed",
    'COMMERCE.WEBHOOK_SIGNATURE_STALE': 'The signature timestamp is outside the accepted window',
    'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH': 'The signature does not verify with the provider\'s key over this body',
  })
  @ApiProblem(404, {
    'COMMERCE.PAYMENT_PROVIDER_NOT_FOUND': 'No provider of this name is configured here',
    ...PAYMENT_NOT_FOUND,
  })
  @VersionConflict()
  @AmountRefused()
  async receive(
    @Param('provider') name: string,
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestContext() context: CommandContext,
  ): Promise<WebhookAckDto | string> {
    const provider = this.providers.get(name);
    const event = await provider.verifyNotification({ headers: request.headers, rawBody: request.rawBody ?? Buffer.alloc(0) });
    const { duplicate, status } = await this.commands.execute(new ReceiveProviderEvent(provider.name, event, context));
    if (provider.answer === null) return { received: true, duplicate, status };
    void reply.type(provider.answer.contentType);
    return provider.answer.body;
  }
}

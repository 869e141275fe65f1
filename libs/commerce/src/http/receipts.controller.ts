import { applyDecorators, Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, ApiProblem, type AppAbility, CallerAbility, CurrentActor, Policy, UuidParam } from '#platform';
import type { Receipt } from '../domain/receipt.js';
import { GetOrderReceipt } from '../queries/get-order-receipt.js';
import { ReceiptPdf } from './receipt-pdf.js';
import { ReceiptDto, ReceiptQueryDto } from './receipt.dto.js';

/** Both routes answer JSON or the same receipt as a PDF. */
const ReceiptResponses = () =>
  applyDecorators(
    ApiExtraModels(ReceiptDto),
    ApiProduces('application/json', 'application/pdf'),
    ApiOkResponse({
      description: 'The receipt: JSON, or a PDF with `?format=pdf` or `Accept: application/pdf`',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(ReceiptDto) } },
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
      },
    }),
    ApiProblem(409, { 'COMMERCE.RECEIPT_NOT_AVAILABLE': 'The order never took money (pending, failed, expired) or was charged back: it has no receipt' }),
  );

/** A receipt as the caller asked for it: JSON, or the PDF (`?format=pdf`, or `Accept: application/pdf` without a format). */
async function answer(pdf: ReceiptPdf, receipt: Receipt, query: ReceiptQueryDto, accept: string | undefined, reply: FastifyReply): Promise<ReceiptDto | Buffer> {
  const wantsPdf = query.format === 'pdf' || (query.format === undefined && /\bapplication\/pdf\b/i.test(accept ?? ''));
  if (!wantsPdf) return receipt;
  void reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="receipt-${receipt.orderNumber}.pdf"`)
    .header('cache-control', 'private, no-store');
  return pdf.render(receipt);
}

/** The buyer's receipts (收据) of their paid orders. */
@ApiTags('orders')
@Controller('api/v1/me/orders')
export class ReceiptsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly pdf: ReceiptPdf,
  ) {}

  @Get(':id/receipt')
  @Policy('read', 'Order')
  @ApiOperation({ operationId: 'getMyOrderReceipt', summary: "The receipt of one of the caller's paid orders, as JSON or PDF" })
  @ReceiptResponses()
  @ApiProblem(404, { 'COMMERCE.ORDER_NOT_FOUND': "No such order among the caller's own" })
  async mine(
    @Param('id', UuidParam) id: string,
    @Query() query: ReceiptQueryDto,
    @Headers('accept') accept: string | undefined,
    @CurrentActor() actor: Actor,
    @CallerAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiptDto | Buffer> {
    // "me" means mine, even for staff who may read every order elsewhere.
    return answer(this.pdf, await this.queries.execute(new GetOrderReceipt(id, actor.userId, ability)), query, accept, reply);
  }
}

/** Finance reads any order's receipt, as its buyer gets it. */
@ApiTags('admin: finance')
@Controller('api/v1/admin/finance/orders')
export class AdminReceiptsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly pdf: ReceiptPdf,
  ) {}

  @Get(':id/receipt')
  @Policy('read', 'Receipt')
  @ApiOperation({ operationId: 'getOrderReceipt', summary: 'The receipt of any paid order, as the buyer gets it (JSON or PDF)' })
  @ReceiptResponses()
  @ApiProblem(404, { 'COMMERCE.ORDER_NOT_FOUND': 'No such order' })
  async any(
    @Param('id', UuidParam) id: string,
    @Query() query: ReceiptQueryDto,
    @Headers('accept') accept: string | undefined,
    @CallerAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiptDto | Buffer> {
    return answer(this.pdf, await this.queries.execute(new GetOrderReceipt(id, null, ability)), query, accept, reply);
  }
}

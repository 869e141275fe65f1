import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, PageQueryDto, Policy } from '#platform';
import { GetRefundsDue } from '../queries/get-refunds-due.js';
import { RefundDuePageDto } from './commerce.dto.js';

@ApiTags('admin: finance')
@Controller('api/v1/admin/finance')
export class AdminFinanceController {
  constructor(private readonly queries: QueryBus) {}

  @Get('refunds-due')
  @Policy('read', 'RefundDue')
  @ApiOperation({
    operationId: 'listRefundsDue',
    summary: 'List payments owed back to buyers, newest first',
    description: 'Money received that granted nothing: paid after the order failed, or for items the buyer already held.',
  })
  @ApiOkResponse({ type: RefundDuePageDto, description: 'Payments that granted nothing (late, or for items already held), newest first' })
  refundsDue(@Query() page: PageQueryDto): Promise<RefundDuePageDto> {
    return this.queries.execute(new GetRefundsDue(page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }
}

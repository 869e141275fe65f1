import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, PageQueryDto, Policy } from '#platform';
import { ReconcileSettlements } from '../commands/reconcile-settlements.js';
import { ListReconciliationDifferences } from '../queries/list-reconciliation-differences.js';
import { ReconcileDayDto, ReconciliationPageDto, ReconciliationRunDto } from './reconciliation.dto.js';

@ApiTags('admin: finance')
@Controller('api/v1/admin/finance/reconciliation')
export class AdminReconciliationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Policy('read', 'Ledger')
  @ApiOperation({
    operationId: 'listReconciliationDifferences',
    summary: "List where the payment providers' settlements and the ledger disagree, latest day first",
    description: 'The worker compares each provider\'s settlements of the day before with the ledger every night (00:30 UTC); each difference is listed once.',
  })
  @ApiOkResponse({ type: ReconciliationPageDto })
  list(@Query() page: PageQueryDto): Promise<ReconciliationPageDto> {
    return this.queries.execute(new ListReconciliationDifferences(page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('runs')
  @HttpCode(200)
  @Policy('reconcile', 'Ledger')
  @ApiOperation({
    operationId: 'reconcileSettlements',
    summary: "Compare the providers' settlements of a day with the ledger now",
    description: 'What the nightly job does, for any day (again after a correction, say). A difference found before is not recorded twice.',
  })
  @ApiOkResponse({ type: ReconciliationRunDto })
  run(@Body() body: ReconcileDayDto): Promise<ReconciliationRunDto> {
    return this.commands.execute(new ReconcileSettlements(body.day));
  }
}

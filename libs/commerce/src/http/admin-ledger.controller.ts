import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Policy } from '#platform';
import { GetTrialBalance } from '../queries/get-trial-balance.js';
import { TrialBalanceDto } from './commerce.dto.js';

@ApiTags('admin: ledger')
@Controller('api/v1/admin/ledger')
export class AdminLedgerController {
  constructor(private readonly queries: QueryBus) {}

  @Get('trial-balance')
  @Policy('read', 'Ledger')
  @ApiOperation({
    operationId: 'getTrialBalance',
    summary: "Get every ledger account's balance",
    description: 'The ledger is sound (`balanced`) when every transaction and the total sum to zero.',
  })
  @ApiOkResponse({ type: TrialBalanceDto })
  trialBalance(): Promise<TrialBalanceDto> {
    return this.queries.execute(new GetTrialBalance());
  }
}

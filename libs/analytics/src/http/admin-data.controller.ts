import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type CommandContext, DEFAULT_PAGE_SIZE, PageQueryDto, Policy, PositiveIntegerParam, RequestContext, UuidParam } from '#platform';
import { DecideQuarantinedRow } from '../commands/decide-quarantined-row.js';
import { RequestImport } from '../commands/request-import.js';
import { GetImport } from '../queries/get-import.js';
import { ListCleansingBatches } from '../queries/list-cleansing-batches.js';
import { ListQuarantine } from '../queries/list-quarantine.js';
import { CleansingBatchPageDto, ImportDto, ImportQueuedDto, ImportUploadDto, QuarantineDecisionDto, QuarantineFixDto, QuarantinePageDto, QuarantineQueryDto } from './admin-data.dto.js';

const DECISION_PROBLEMS = {
  404: { 'ANALYTICS.QUARANTINE_NOT_FOUND': 'No quarantined row has this id' },
  409: { 'ANALYTICS.QUARANTINE_DECIDED': 'The row was fixed or discarded already' },
};

/** Staff: the cleansing job's batch reports and the rows it quarantined. */
@ApiTags('admin: data')
@Controller('api/v1/admin/data')
export class AdminDataController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('batches')
  @Policy('read', 'DataQuality')
  @ApiOperation({ operationId: 'listCleansingBatches', summary: 'List the cleansing batches\' reports, newest first' })
  @ApiOkResponse({ type: CleansingBatchPageDto, description: 'In, out, duplicates, imputed per field, quarantined per reason' })
  batches(@Query() query: PageQueryDto): Promise<CleansingBatchPageDto> {
    return this.queries.execute(new ListCleansingBatches(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Post('imports')
  @HttpCode(202)
  @Policy('decide', 'DataQuality')
  @ApiOperation({
    operationId: 'importActivity',
    summary: 'Import users\' historical activity from a CSV, JSON Lines or XML file',
    description:
      'Kept and queued: a worker job streams it record by record into the raw table (its progress at GET …/imports/{id}), ' +
      'and the cleansing batches that follow make facts of it or quarantine it. Larger files: `npm run zhiku -- import FILE`.',
  })
  @ApiAcceptedResponse({ type: ImportQueuedDto, description: 'Queued for the worker' })
  @ApiProblem(422, { 'ANALYTICS.UNKNOWN_TIME_ZONE': 'timeZone is not an IANA zone name' })
  upload(@RequestContext() context: CommandContext, @Body() body: ImportUploadDto): Promise<ImportQueuedDto> {
    return this.commands.execute(new RequestImport(context, body.format, body.timeZone ?? null, body.content));
  }

  @Get('imports/:id')
  @Policy('decide', 'DataQuality')
  @ApiOperation({ operationId: 'getImport', summary: 'An uploaded import: queued, running (with its rows so far), done or failed' })
  @ApiOkResponse({ type: ImportDto, description: 'The import and how far the worker got' })
  @ApiProblem(404, { 'ANALYTICS.IMPORT_NOT_FOUND': 'No import has this id' })
  importStatus(@Param('id', UuidParam) id: string): Promise<ImportDto> {
    return this.queries.execute(new GetImport(id));
  }

  @Get('quarantine')
  @Policy('read', 'DataQuality')
  @ApiOperation({ operationId: 'listQuarantine', summary: 'List the rows cleansing could not save, with the reason' })
  @ApiOkResponse({ type: QuarantinePageDto, description: 'Oldest first; open rows unless `status` says otherwise' })
  quarantine(@Query() query: QuarantineQueryDto): Promise<QuarantinePageDto> {
    return this.queries.execute(
      new ListQuarantine({ status: query.status ?? 'open', reason: query.reason }, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor),
    );
  }

  @Post('quarantine/:id/fix')
  @HttpCode(200)
  @Policy('decide', 'DataQuality')
  @ApiOperation({
    operationId: 'fixQuarantinedRow',
    summary: 'Correct a quarantined row: it goes back through the next cleansing batch',
  })
  @ApiOkResponse({ type: QuarantineDecisionDto, description: 'Fixed; the corrected row is cleansed with the next batch' })
  @ApiProblem(404, DECISION_PROBLEMS[404])
  @ApiProblem(409, DECISION_PROBLEMS[409])
  fix(@RequestContext() context: CommandContext, @Param('id', PositiveIntegerParam) id: number, @Body() body: QuarantineFixDto): Promise<QuarantineDecisionDto> {
    return this.commands.execute(new DecideQuarantinedRow(context, id, { kind: 'fix', fix: body }));
  }

  @Post('quarantine/:id/discard')
  @HttpCode(200)
  @Policy('decide', 'DataQuality')
  @ApiOperation({ operationId: 'discardQuarantinedRow', summary: 'Discard a quarantined row for good' })
  @ApiOkResponse({ type: QuarantineDecisionDto, description: 'Discarded' })
  @ApiProblem(404, DECISION_PROBLEMS[404])
  @ApiProblem(409, DECISION_PROBLEMS[409])
  discard(@RequestContext() context: CommandContext, @Param('id', PositiveIntegerParam) id: number): Promise<QuarantineDecisionDto> {
    return this.commands.execute(new DecideQuarantinedRow(context, id, { kind: 'discard' }));
  }
}

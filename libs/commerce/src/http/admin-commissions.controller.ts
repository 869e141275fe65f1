import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { ApiProblem, type CommandContext, Policy, RequestContext, UuidParam } from '#platform';
import { SetCommission } from '../commands/set-commission.js';
import { GetCreatorCommission } from '../queries/commission-rates.js';

class SetCommissionDto {
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 10_000, description: 'On sales the platform brought, in basis points; null: the default' })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(10_000)
  platformBps: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 10_000, description: "On sales through the creator's own coupons; null: the default" })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(10_000)
  creatorCouponBps: number | null;
}

class BpsPairDto {
  @ApiProperty({ type: Number, nullable: true }) platformBps: number | null;
  @ApiProperty({ type: Number, nullable: true }) creatorCouponBps: number | null;
}

class CreatorCommissionDto {
  @ApiProperty({ format: 'uuid' }) creatorId: string;
  @ApiProperty({ type: BpsPairDto, description: 'Rates agreed with this creator (null: none)' }) agreed: BpsPairDto;
  @ApiProperty({ type: BpsPairDto, description: 'What their next sale pays the platform, per channel' }) effective: BpsPairDto;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) setBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) setAt: string | null;
}

/** The platform's cut per creator and channel: set by finance, fixed into each sale when it is paid. */
@ApiTags('admin: finance')
@Controller('api/v1/admin/finance/creators')
export class AdminCommissionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':creatorId/commission')
  @Policy('read', 'Commission')
  @ApiOperation({ operationId: 'getCreatorCommission', summary: "A creator's commission rates: agreed, and in effect" })
  @ApiOkResponse({ type: CreatorCommissionDto })
  get(@Param('creatorId', UuidParam) creatorId: string): Promise<CreatorCommissionDto> {
    return this.queries.execute(new GetCreatorCommission(creatorId));
  }

  @Put(':creatorId/commission')
  @Policy('set', 'Commission')
  @ApiOperation({
    operationId: 'setCreatorCommission',
    summary: "Agree a creator's commission rates per channel (null: back to the default); sales paid from now on use them",
  })
  @ApiOkResponse({ type: CreatorCommissionDto })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': "Someone changed this creator's rates at the same moment; reload and retry" })
  async set(@Param('creatorId', UuidParam) creatorId: string, @Body() body: SetCommissionDto, @RequestContext() context: CommandContext): Promise<CreatorCommissionDto> {
    await this.commands.execute(new SetCommission(creatorId, { platform: body.platformBps, 'creator-coupon': body.creatorCouponBps }, context));
    return this.queries.execute(new GetCreatorCommission(creatorId));
  }
}

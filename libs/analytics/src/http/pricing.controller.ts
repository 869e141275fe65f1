import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, InputLimitsOf, Policy } from '#platform';
import { OptimizePricing } from '../queries/optimize-pricing.js';
import { PricingModelDto, PricingPlanDto } from './pricing.dto.js';

@ApiTags('admin: pricing')
@Controller('api/v1/admin/pricing')
export class PricingController {
  constructor(private readonly queries: QueryBus) {}

  @Post('optimize')
  @HttpCode(200)
  @Policy('optimize', 'Pricing')
  // A model of a few hundred items and their constraints has more terms than a form has fields.
  @InputLimitsOf({ maxDepth: 5, maxMembers: 50_000 })
  @ApiOperation({
    operationId: 'optimizePricing',
    summary: 'Solve a pricing decision (LP or MIP) with HiGHS: the plan, its objective, binding constraints and shadow prices',
    description:
      'Variables (a discount level per item, a 0/1 promotion choice), a linear objective (expected revenue from the analytics\' demand, ' +
      'or a cost) and linear constraints (budget, creator margin, at most K items per creator). Changes nothing.',
  })
  @ApiOkResponse({ type: PricingPlanDto, description: 'The optimal plan' })
  @ApiProblem(422, {
    'PRICING.INFEASIBLE': 'No plan satisfies every constraint',
    'PRICING.UNBOUNDED': 'The objective improves without limit (or the solver could not tell infeasible from unbounded)',
    'PRICING.TIME_LIMIT': 'No proven optimum within PRICING_SOLVER_TIME_LIMIT_MS',
    'PRICING.MODEL_INVALID': 'A name used twice, a term naming no variable, bounds crossed',
  })
  optimize(@Body() body: PricingModelDto): Promise<PricingPlanDto> {
    return this.queries.execute(new OptimizePricing(body));
  }
}

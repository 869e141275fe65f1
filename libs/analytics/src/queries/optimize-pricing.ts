import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '#platform';
import { type PricingModel, type PricingPlan, planOf, toLpText } from '../domain/pricing-model.js';
import { HighsSolver } from '../pricing/highs-solver.js';

/** Solves an operator's pricing model (it changes nothing: a computation, asked for with POST for its body). */
export class OptimizePricing extends Query<PricingPlan> {
  constructor(readonly model: PricingModel) {
    super();
  }
}

@QueryHandler(OptimizePricing)
export class OptimizePricingHandler implements IQueryHandler<OptimizePricing> {
  constructor(
    private readonly solver: HighsSolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ model }: OptimizePricing): Promise<PricingPlan> {
    const limit = this.config.analytics.solverTimeLimitMs;
    return planOf(model, await this.solver.solve(toLpText(model), limit), limit);
  }
}

import { type IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ListServedClicks } from '#analytics';
import { type Interval, mixtureSequentialTest, type ProportionTest, type SequentialProportionTest, twoProportionZTest, wilsonInterval } from '../domain/experiment-statistics.js';
import type { ServedModel } from '../domain/ranking.js';
import { RecommendationErrors } from '../domain/recommendation.errors.js';
import { EXPERIMENT_COLUMNS, type ExperimentView, toExperimentView } from './list-recommendation-experiments.js';

export interface VariantResults {
  readonly variant: ServedModel;
  readonly share: number;
  /** Learners served this variant at least once. */
  readonly exposures: number;
  /** Clean click facts on an item this variant showed the clicking learner, carrying their servedId. */
  readonly clicks: number;
  readonly clickingLearners: number;
  /** clickingLearners / exposures (null before anyone was exposed). */
  readonly clickRate: number | null;
  /** The 95 % Wilson interval of clickRate (null before any exposure). */
  readonly clickRateInterval: Interval | null;
  /** Items this variant showed a learner that they then bought within the conversion window of first seeing them. */
  readonly conversions: number;
  readonly convertingLearners: number;
  /** convertingLearners / exposures (null before anyone was exposed). */
  readonly conversionRate: number | null;
  /** The 95 % Wilson interval of conversionRate (null before any exposure). */
  readonly conversionRateInterval: Interval | null;
}

/**
 * One rate of the second variant against the first's: the fixed-horizon z-test (valid for one read
 * decided on beforehand) and the always-valid sequential test (valid however often it is read).
 */
export interface RateComparison extends ProportionTest {
  /**
   * From the counts of this read only (no earlier p-value is stored: a GET changes nothing), so it is
   * not the running minimum: a later read may say "not significant" again; the first significant read
   * is the decision, and the false-positive guarantee is about stopping there.
   */
  readonly sequential: SequentialProportionTest | null;
}

/** The second variant against the first, per rate (null: too little data). */
export interface VariantComparison {
  /** [first, second]: each difference is the second's rate minus the first's. */
  readonly between: [ServedModel, ServedModel];
  readonly clickRate: RateComparison | null;
  readonly conversionRate: RateComparison | null;
}

/** The two tests of one rate; null when the z-test has too little data (the sequential test's rule too). */
function compareRates(first: { successes: number; trials: number }, second: { successes: number; trials: number }): RateComparison | null {
  const zTest = twoProportionZTest(first, second);
  return zTest && { ...zTest, sequential: mixtureSequentialTest(first, second) };
}

export interface ExperimentResults extends ExperimentView {
  readonly results: VariantResults[];
  readonly comparison: VariantComparison;
}

/** An experiment with its per-variant exposures, clicks and conversions, counted as it is read. */
export class GetRecommendationExperiment extends Query<ExperimentResults> {
  constructor(readonly experimentId: string) {
    super();
  }
}

@QueryHandler(GetRecommendationExperiment)
export class GetRecommendationExperimentHandler implements IQueryHandler<GetRecommendationExperiment> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ experimentId }: GetRecommendationExperiment): Promise<ExperimentResults> {
    const [row]: Record<string, unknown>[] = await this.dataSource.query(`SELECT ${EXPERIMENT_COLUMNS} FROM rec_experiments WHERE experiment_id = $1`, [
      experimentId,
    ]);
    if (!row) throw RecommendationErrors.experimentNotFound();
    const experiment = toExperimentView(row);

    const exposures: { variant: ServedModel; servedId: string }[] = await this.dataSource.query(
      `SELECT variant, served_id::text AS "servedId" FROM rec_experiment_exposures WHERE experiment_id = $1`,
      [experimentId],
    );
    // Clicks are analytics' clean facts, read through its query; which of them count is decided here, against what was shown to whom.
    const clicks = await this.queries.execute(new ListServedClicks(exposures.map((exposure) => exposure.servedId)));
    const clicked: { variant: ServedModel; clicks: number; learners: number }[] = await this.dataSource.query(
      `SELECT e.variant, count(*)::int AS clicks, count(DISTINCT e.user_id)::int AS learners
         FROM unnest($2::text[], $3::uuid[], $4::uuid[]) AS c(served_id, user_id, item_id)
         JOIN rec_experiment_exposures e ON e.experiment_id = $1 AND e.served_id::text = c.served_id AND e.user_id = c.user_id
         JOIN rec_experiment_offers o ON o.experiment_id = e.experiment_id AND o.user_id = e.user_id AND o.content_id = c.item_id
        GROUP BY e.variant`,
      [experimentId, clicks.map((click) => click.servedId), clicks.map((click) => click.userId), clicks.map((click) => click.itemId)],
    );
    // Purchases as commerce's paid orders were relayed here (rec_purchases), within the window after the item was first shown.
    const converted: { variant: ServedModel; conversions: number; learners: number }[] = await this.dataSource.query(
      `SELECT e.variant, count(*)::int AS conversions, count(DISTINCT e.user_id)::int AS learners
         FROM rec_experiment_offers o
         JOIN rec_experiment_exposures e ON e.experiment_id = o.experiment_id AND e.user_id = o.user_id
         JOIN rec_purchases p ON p.user_id = o.user_id AND p.content_id = o.content_id
        WHERE o.experiment_id = $1
          AND p.purchased_at >= o.first_offered_at
          AND p.purchased_at < o.first_offered_at + make_interval(hours => $2)
        GROUP BY e.variant`,
      [experimentId, experiment.conversionWindowHours],
    );

    const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
    const results = experiment.variants.map(({ model, share }): VariantResults => {
      const exposed = exposures.filter((exposure) => exposure.variant === model).length;
      const click = clicked.find((found) => found.variant === model);
      const conversion = converted.find((found) => found.variant === model);
      return {
        variant: model,
        share,
        exposures: exposed,
        clicks: click?.clicks ?? 0,
        clickingLearners: click?.learners ?? 0,
        clickRate: rate(click?.learners ?? 0, exposed),
        clickRateInterval: wilsonInterval(click?.learners ?? 0, exposed),
        conversions: conversion?.conversions ?? 0,
        convertingLearners: conversion?.learners ?? 0,
        conversionRate: rate(conversion?.learners ?? 0, exposed),
        conversionRateInterval: wilsonInterval(conversion?.learners ?? 0, exposed),
      };
    });
    const [first, second] = results as [VariantResults, VariantResults];
    const comparison: VariantComparison = {
      between: [first.variant, second.variant],
      clickRate: compareRates({ successes: first.clickingLearners, trials: first.exposures }, { successes: second.clickingLearners, trials: second.exposures }),
      conversionRate: compareRates({ successes: first.convertingLearners, trials: first.exposures }, { successes: second.convertingLearners, trials: second.exposures }),
    };
    return { ...experiment, results, comparison };
  }
}

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluationData, measure, type Rating } from '../models/evaluation.js';
import type { TrainedModel } from '../models/model.js';
import { recoEval } from './reco-eval.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../../test/fixtures/reco/${name}`, import.meta.url));

/**
 * Precision@10 and nDCG@10 of every model on the committed fixed split (500 users, the 500 most
 * rated books of goodbooks-10k), as measured when this floor was set: a change that makes a
 * model worse fails here.
 */
const FLOORS: Record<string, { precisionAt10: number; ndcgAt10: number }> = {
  popularity: { precisionAt10: 0.0937, ndcgAt10: 0.1198 },
  'item-knn(k=100,shrink=0)': { precisionAt10: 0.1321, ndcgAt10: 0.2137 },
  'user-knn(k=50)': { precisionAt10: 0.1513, ndcgAt10: 0.2417 },
  'rp3beta(k=100,alpha=1,beta=0.5)': { precisionAt10: 0.1517, ndcgAt10: 0.246 },
  'ease(lambda=300)': { precisionAt10: 0.1782, ndcgAt10: 0.2896 },
  'ease(lambda=70)': { precisionAt10: 0.1834, ndcgAt10: 0.3037 },
  'ease(lambda=70,dropout=0.25)': { precisionAt10: 0.184, ndcgAt10: 0.3048 },
  'content(k=50,threshold=0.05)': { precisionAt10: 0.1109, ndcgAt10: 0.1887 },
  'hybrid(ease(lambda=70,dropout=0.25) + rp3beta(k=100,alpha=1,beta=0.5) + content(k=50,threshold=0.05))': {
    precisionAt10: 0.2002,
    ndcgAt10: 0.3257,
  },
};

const withoutTimes = (output: ReturnType<typeof recoEval>) =>
  output.models.map(({ trainSeconds: _wall, trainCpuSeconds: _cpu, ...metrics }) => metrics);

describe('npm run reco:eval', () => {
  it('keeps every model at least as good as its recorded floor on the fixed split, the hybrid the best', () => {
    const output = recoEval(['--train', fixture('train.csv'), '--test', fixture('test.csv'), '--books', fixture('books.csv')]);
    expect(output.data).toMatchObject({ trainRatings: 19668, testRatings: 4917, users: 500 });
    expect(output.models.map((report) => report.model)).toEqual(Object.keys(FLOORS));
    for (const report of output.models) {
      const floor = FLOORS[report.model]!;
      expect(report.precisionAt10, report.model).toBeGreaterThanOrEqual(floor.precisionAt10 - 0.0005);
      expect(report.ndcgAt10, report.model).toBeGreaterThanOrEqual(floor.ndcgAt10 - 0.0005);
      expect(report.coverage).toBeGreaterThan(0);
      expect(report.trainSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(output.best).toMatch(/^hybrid/);
    // The blend's weights were chosen on a validation split, and it leans on EASE.
    expect(output.models.at(-1)!.trained).toMatch(/^hybrid\(0\.[5-9]\d·ease/);
  });

  it('reproduces the same metrics for the same seed, and splits differently for another', () => {
    const args = (seed: string) => ['--ratings', fixture('ratings.csv'), '--seed', seed, '--models', 'popularity,ease(lambda=70)'];
    const first = recoEval(args('7'));
    const again = recoEval(args('7'));
    const other = recoEval(args('8'));
    expect(withoutTimes(again)).toEqual(withoutTimes(first));
    expect(first.protocol).toMatchObject({ seed: 7, positives: 'held-out ratings >= 4', trainingItemsExcluded: true });
    expect(withoutTimes(other)).not.toEqual(withoutTimes(first));
  });

  it('refuses arguments that name no data, mix both forms, or name no model', () => {
    expect(() => recoEval([])).toThrow('give either --ratings FILE, or --train FILE and --test FILE');
    expect(() => recoEval(['--ratings', fixture('ratings.csv'), '--train', fixture('train.csv')])).toThrow('give either');
    expect(() => recoEval(['--ratings', fixture('ratings.csv'), '--seed', 'x'])).toThrow('--seed takes an integer');
    expect(() => recoEval(['--ratings', fixture('ratings.csv'), '--models', 'nope'])).toThrow('--models nope names no model');
  });
});

describe('the evaluation protocol', () => {
  const train: Rating[] = [
    { user: 'a', item: 'x', rating: 5 },
    { user: 'a', item: 'y', rating: 2 },
    { user: 'b', item: 'x', rating: 4 },
    { user: 'b', item: 'z', rating: 4 },
    { user: 'c', item: 'z', rating: 1 },
  ];
  const test: Rating[] = [
    { user: 'a', item: 'z', rating: 4 }, // a positive the model can know
    { user: 'a', item: 'new', rating: 5 }, // a positive no training rating mentions: a sure miss
    { user: 'b', item: 'y', rating: 3 }, // below 4: b has no positive and is skipped
    { user: 'd', item: 'x', rating: 5 }, // a user with no training rating: counted, nothing to rank
  ];
  const data = evaluationData(train, test);
  const item = (id: string) => data.itemIds.indexOf(id);

  /** Scores items by a fixed order: what the protocol does with the list is what is tested. */
  const ranking = (order: string[]): TrainedModel => ({
    name: 'fixed',
    scoreUser: (_user, out) => {
      out.fill(0);
      order.forEach((id, rank) => (out[item(id)] = order.length - rank));
    },
    scoreHistory: () => undefined,
  });

  it('counts every training rating as an interaction, low ones too', () => {
    expect(data.interactions.size).toBe(5);
  });

  it('ranks only items outside the user\'s training part, over users with a held-out rating ≥ 4', () => {
    // x and y are a's training items: excluded, so z ranks first whatever their scores.
    const report = measure(ranking(['x', 'y', 'z']), data);
    expect(report.users).toBe(2);
    expect(report.precisionAt10).toBeCloseTo(1 / 10 / 2, 10);
    // a found z of its two positives (z, new); d found nothing.
    expect(report.recallAt10).toBeCloseTo(1 / 2 / 2, 10);
    const idealOfTwo = 1 + 1 / Math.log2(3);
    expect(report.ndcgAt10).toBeCloseTo(1 / idealOfTwo / 2, 4);
    // Only z was recommended, among x, y, z and new.
    expect(report.coverage).toBe(0.25);
  });
});

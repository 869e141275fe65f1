import type { History, Interactions } from './interactions.js';
import { ItemNeighbours } from './item-neighbours.js';
import { HistoryModel, type ModelSpec } from './model.js';

export interface Rp3BetaParams {
  readonly k: number;
  /** Exponent on the transition probabilities (1: the plain random walk). */
  readonly alpha: number;
  /** How much a popular destination is penalised: its score is divided by popularity^beta. */
  readonly beta: number;
}

/**
 * RP3β (Paudel et al. 2017; Dacrema et al. 2019): a three-step random walk item → user → item,
 * W_ij = Σ_u P(u|i)^α · P(j|u)^α / pop(j)^β, the k best j kept per item.
 */
export function rp3beta(params: Rp3BetaParams = { k: 100, alpha: 1, beta: 0.5 }): ModelSpec {
  return { name: rp3Name(params), train: (data) => new Rp3Beta(data, params) };
}

const rp3Name = (p: Rp3BetaParams) => `rp3beta(k=${p.k},alpha=${p.alpha},beta=${p.beta})`;

class Rp3Beta extends HistoryModel {
  readonly name: string;
  readonly neighbours: ItemNeighbours;

  constructor(data: Interactions, params: Rp3BetaParams) {
    super(data);
    this.name = rp3Name(params);
    const userMass = new Float64Array(data.users);
    for (let u = 0; u < data.users; u++) {
      for (let at = data.userStart[u]!; at < data.userStart[u + 1]!; at++) userMass[u]! += data.userWeights[at]!;
    }
    const itemMass = new Float64Array(data.items);
    for (let i = 0; i < data.items; i++) {
      for (let at = data.itemStart[i]!; at < data.itemStart[i + 1]!; at++) itemMass[i]! += data.itemWeights[at]!;
    }
    const penalty = Float64Array.from(data.itemCounts(), (count) => (count > 0 ? count ** -params.beta : 0));
    this.neighbours = ItemNeighbours.build(data.items, params.k, (item, into) => {
      const touched: number[] = [];
      for (let a = data.itemStart[item]!; a < data.itemStart[item + 1]!; a++) {
        const user = data.itemUsers[a]!;
        const toUser = (data.itemWeights[a]! / itemMass[item]!) ** params.alpha;
        for (let b = data.userStart[user]!; b < data.userStart[user + 1]!; b++) {
          const other = data.userItems[b]!;
          if (into[other] === 0) touched.push(other);
          into[other]! += toUser * (data.userWeights[b]! / userMass[user]!) ** params.alpha;
        }
      }
      for (const other of touched) into[other] = into[other]! * penalty[other]!;
      return touched;
    });
  }

  scoreHistory(history: History, out: Float64Array): void {
    this.neighbours.score(history, out);
  }
}

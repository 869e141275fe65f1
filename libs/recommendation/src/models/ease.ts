import type { History, Interactions } from './interactions.js';
import type { ModelSpec, TrainedModel } from './model.js';
import { invertSpd } from './spd-inverse.js';

export interface EaseParams {
  /** L2 regularisation of every item's weights. */
  readonly lambda: number;
  /**
   * Extra regularisation in proportion to an item's own weight mass, ρ·Gᵢᵢ: the dropout
   * emphasis of EDLAE (Steck 2020, "Autoencoders that don't overfit towards the identity"),
   * which keeps popular items from dominating. 0 gives plain EASE.
   */
  readonly dropout: number;
}

/**
 * EASE (Steck 2019): the item × item weights B minimising ‖X − XB‖² + ‖Λ^½B‖² with a zero
 * diagonal, in closed form from P = (XᵀX + Λ)⁻¹: B = I − P·diag(1/diag P).
 *
 * The inverse is dense and cubic in its size, so it is taken on whichever side is smaller:
 * - items ≤ users (the primal): P directly, an items × items inverse;
 * - users < items (the dual, through the Woodbury identity): with K = I + XΛ⁻¹Xᵀ (users × users),
 *   P = Λ⁻¹ − Λ⁻¹XᵀK⁻¹XΛ⁻¹, so XP = K⁻¹XΛ⁻¹ and diag P = 1/λᵢ − (xᵢᵀK⁻¹xᵢ)/λᵢ². A user's
 *   scores are xᵤ − (XP)ᵤ·diag(1/diag P), never forming the items × items matrix.
 * Both give the same scores (the test compares them); only the cost differs.
 */
export function ease(params: EaseParams = { lambda: 300, dropout: 0 }): ModelSpec {
  return { name: easeName(params), train: (data) => trainEase(data, params) };
}

const easeName = (p: EaseParams) => `ease(lambda=${p.lambda}${p.dropout ? `,dropout=${p.dropout}` : ''})`;

export function trainEase(data: Interactions, params: EaseParams, side: 'auto' | 'primal' | 'dual' = 'auto'): TrainedModel {
  const regularisation = new Float64Array(data.items);
  for (let i = 0; i < data.items; i++) {
    let mass = 0;
    for (let at = data.itemStart[i]!; at < data.itemStart[i + 1]!; at++) mass += data.itemWeights[at]! ** 2;
    regularisation[i] = params.lambda + params.dropout * mass;
  }
  const primal = side === 'primal' || (side === 'auto' && data.items <= data.users);
  return primal ? new PrimalEase(data, params, regularisation) : new DualEase(data, params, regularisation);
}

class PrimalEase implements TrainedModel {
  readonly name: string;
  /** B, items × items, row-major. */
  private readonly weights: Float64Array;

  constructor(
    private readonly data: Interactions,
    params: EaseParams,
    regularisation: Float64Array,
  ) {
    this.name = easeName(params);
    const n = data.items;
    const p = new Float64Array(n * n);
    for (let u = 0; u < data.users; u++) {
      for (let a = data.userStart[u]!; a < data.userStart[u + 1]!; a++) {
        const i = data.userItems[a]!;
        const wi = data.userWeights[a]!;
        for (let b = data.userStart[u]!; b < data.userStart[u + 1]!; b++) p[i * n + data.userItems[b]!]! += wi * data.userWeights[b]!;
      }
    }
    for (let i = 0; i < n; i++) p[i * n + i]! += regularisation[i]!;
    invertSpd(p, n);
    const diagonal = Float64Array.from({ length: n }, (_, j) => p[j * n + j]!);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) p[i * n + j] = i === j ? 0 : -p[i * n + j]! / diagonal[j]!;
    }
    this.weights = p;
  }

  scoreUser(user: number, out: Float64Array): void {
    this.scoreHistory(this.data.history(user), out);
  }

  scoreHistory(history: History, out: Float64Array): void {
    const n = this.data.items;
    out.fill(0);
    for (let h = 0; h < history.items.length; h++) {
      const row = history.items[h]! * n;
      const weight = history.weights[h]!;
      for (let j = 0; j < n; j++) out[j]! += weight * this.weights[row + j]!;
    }
  }
}

class DualEase implements TrainedModel {
  readonly name: string;
  /** K⁻¹, users × users. */
  private readonly kernelInverse: Float64Array;
  /** diag P. */
  private readonly diagonal: Float64Array;

  constructor(
    private readonly data: Interactions,
    params: EaseParams,
    private readonly regularisation: Float64Array,
  ) {
    this.name = easeName(params);
    const n = data.users;
    const k = new Float64Array(n * n);
    for (let i = 0; i < data.items; i++) {
      const from = data.itemStart[i]!;
      const to = data.itemStart[i + 1]!;
      const scale = 1 / regularisation[i]!;
      for (let a = from; a < to; a++) {
        const row = data.itemUsers[a]! * n;
        const wa = data.itemWeights[a]! * scale;
        for (let b = from; b < to; b++) k[row + data.itemUsers[b]!]! += wa * data.itemWeights[b]!;
      }
    }
    for (let u = 0; u < n; u++) k[u * n + u]! += 1;
    this.kernelInverse = invertSpd(k, n);
    this.diagonal = new Float64Array(data.items);
    for (let i = 0; i < data.items; i++) {
      let quadratic = 0;
      for (let a = data.itemStart[i]!; a < data.itemStart[i + 1]!; a++) {
        const row = data.itemUsers[a]! * n;
        let inner = 0;
        for (let b = data.itemStart[i]!; b < data.itemStart[i + 1]!; b++) inner += k[row + data.itemUsers[b]!]! * data.itemWeights[b]!;
        quadratic += data.itemWeights[a]! * inner;
      }
      const lambda = regularisation[i]!;
      this.diagonal[i] = 1 / lambda - quadratic / (lambda * lambda);
    }
  }

  /** (XP)ᵤ = (K⁻¹)ᵤ·X·Λ⁻¹: a weighted sum of every user's row. */
  scoreUser(user: number, out: Float64Array): void {
    const n = this.data.users;
    const row = user * n;
    out.fill(0);
    for (let v = 0; v < n; v++) this.addRow(v, this.kernelInverse[row + v]!, out);
    this.finish(this.data.history(user), out);
  }

  /** xP = (x − tᵀX)·Λ⁻¹ with t = K⁻¹·(XΛ⁻¹xᵀ). */
  scoreHistory(history: History, out: Float64Array): void {
    const n = this.data.users;
    const overlap = new Float64Array(n);
    for (let h = 0; h < history.items.length; h++) {
      const item = history.items[h]!;
      const weight = history.weights[h]! / this.regularisation[item]!;
      for (let a = this.data.itemStart[item]!; a < this.data.itemStart[item + 1]!; a++) {
        overlap[this.data.itemUsers[a]!]! += weight * this.data.itemWeights[a]!;
      }
    }
    out.fill(0);
    for (let v = 0; v < n; v++) {
      let t = 0;
      const row = v * n;
      for (let w = 0; w < n; w++) t += this.kernelInverse[row + w]! * overlap[w]!;
      this.addRow(v, -t, out);
    }
    for (let h = 0; h < history.items.length; h++) out[history.items[h]!]! += history.weights[h]!;
    this.finish(history, out);
  }

  private addRow(user: number, factor: number, out: Float64Array): void {
    if (factor === 0) return;
    for (let a = this.data.userStart[user]!; a < this.data.userStart[user + 1]!; a++) {
      out[this.data.userItems[a]!]! += factor * this.data.userWeights[a]!;
    }
  }

  /** From (XP)ᵤ·Λ to the scores xᵤ − (XP)ᵤ·diag(1/diag P). */
  private finish(history: History, out: Float64Array): void {
    for (let j = 0; j < out.length; j++) out[j] = -out[j]! / this.regularisation[j]! / this.diagonal[j]!;
    for (let h = 0; h < history.items.length; h++) out[history.items[h]!]! += history.weights[h]!;
  }
}

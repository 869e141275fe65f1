/**
 * The inverse of a dense symmetric positive definite n×n matrix (row-major Float64Array), in
 * plain JavaScript: Cholesky factor L, its inverse, then Lᵀ⁻¹·L⁻¹. Every inner loop is a dot
 * product over two contiguous row segments, and the two cubic phases after the factorisation
 * work on blocks of rows so that each row streamed from memory serves several dot products.
 * About n³/2 multiply-adds in all; the input is overwritten with the inverse (full, symmetric).
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new Error(`invertSpd: expected ${n * n} entries, got ${a.length}`);
  choleskyInPlace(a, n);
  // u = (L⁻¹)ᵀ, upper triangular, row j = column j of L⁻¹.
  const u = new Float64Array(n * n);
  invertLowerTransposed(a, u, n);
  productOfTransposedRows(u, a, n);
  return a;
}

const BLOCK = 8;

/** Lower Cholesky factor in the lower triangle of `a` (row-major); the upper triangle is left as it was. */
function choleskyInPlace(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      let k = 0;
      // Four running sums keep the floating-point pipeline busy.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (; k + 3 < j; k += 4) {
        s0 += a[ri + k]! * a[rj + k]!;
        s1 += a[ri + k + 1]! * a[rj + k + 1]!;
        s2 += a[ri + k + 2]! * a[rj + k + 2]!;
        s3 += a[ri + k + 3]! * a[rj + k + 3]!;
      }
      for (; k < j; k++) s0 += a[ri + k]! * a[rj + k]!;
      s -= s0 + s1 + s2 + s3;
      if (i === j) {
        if (!(s > 0)) throw new Error(`invertSpd: matrix is not positive definite (pivot ${i})`);
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j]!;
      }
    }
  }
}

/**
 * u[j][i] = (L⁻¹)[i][j] for i ≥ j: forward substitution, L⁻¹[i][j] = −Σ_{j≤k<i} L[i][k]·L⁻¹[k][j] / L[i][i],
 * a block of columns j at a time so that each row of L is read once per block.
 */
function invertLowerTransposed(l: Float64Array, u: Float64Array, n: number): void {
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const j1 = Math.min(j0 + BLOCK, n);
    for (let i = j0; i < n; i++) {
      const ri = i * n;
      const lii = l[ri + i]!;
      const last = Math.min(i + 1, j1);
      for (let j = j0; j < last; j++) {
        const rj = j * n;
        if (i === j) {
          u[rj + j] = 1 / lii;
          continue;
        }
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let k = j;
        for (; k + 3 < i; k += 4) {
          s0 += l[ri + k]! * u[rj + k]!;
          s1 += l[ri + k + 1]! * u[rj + k + 1]!;
          s2 += l[ri + k + 2]! * u[rj + k + 2]!;
          s3 += l[ri + k + 3]! * u[rj + k + 3]!;
        }
        for (; k < i; k++) s0 += l[ri + k]! * u[rj + k]!;
        u[rj + i] = -(s0 + s1 + s2 + s3) / lii;
      }
    }
  }
}

/** out[i][j] = Σ_{k ≥ max(i,j)} u[i][k]·u[j][k] = (L⁻ᵀL⁻¹)[i][j], both triangles written. */
function productOfTransposedRows(u: Float64Array, out: Float64Array, n: number): void {
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(i0 + BLOCK, n);
    for (let j = i0; j < n; j++) {
      const rj = j * n;
      const last = Math.min(j + 1, i1);
      for (let i = i0; i < last; i++) {
        const ri = i * n;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let k = j; // both rows are zero before max(i, j) = j
        for (; k + 3 < n; k += 4) {
          s0 += u[ri + k]! * u[rj + k]!;
          s1 += u[ri + k + 1]! * u[rj + k + 1]!;
          s2 += u[ri + k + 2]! * u[rj + k + 2]!;
          s3 += u[ri + k + 3]! * u[rj + k + 3]!;
        }
        for (; k < n; k++) s0 += u[ri + k]! * u[rj + k]!;
        const s = s0 + s1 + s2 + s3;
        out[ri + j] = s;
        out[rj + i] = s;
      }
    }
  }
}

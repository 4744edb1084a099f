// Dense row-major Float64 matrices and the three products that training needs:
//   forward   U = Y·W        (batch×in · in×out)
//   gradient  ∂W = Yᵀ·Δ      (in×batch · batch×out)
//   backward  ∂Y = Δ·Wᵀ      (batch×out · out×in)
// Each kernel walks memory in the order that keeps its reused operand in cache, so that the
// large networks run at full speed without a native library. Imports nothing.

/** A row-major matrix: element (r, c) is data[r * cols + c]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** Copies a nested array into a new matrix. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows.length ? rows[0].length : 0;
  const m = matrix(rows.length, cols);
  rows.forEach((row, r) => m.data.set(row, r * cols));
  return m;
}

/** A nested-array copy of the first `rows` rows (all by default). */
export function toRows(m: Matrix, rows = m.rows): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/**
 * out[r][c] = bias[c] + Σ_i a[r][i] b[i][c] for the first `n` rows of a (mutates out).
 * Four rows of `a` share each row of `b`, so `b` streams from memory a quarter as often.
 */
export function mulAddBias(out: Matrix, a: Matrix, b: Matrix, bias: Float64Array, n: number): void {
  const inner = a.cols;
  const cols = b.cols;
  const A = a.data;
  const B = b.data;
  const O = out.data;
  for (let r = 0; r < n; r++) O.set(bias, r * cols);
  let r = 0;
  for (; r + 3 < n; r += 4) {
    const o0 = r * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    const a0 = r * inner;
    const a1 = a0 + inner;
    const a2 = a1 + inner;
    const a3 = a2 + inner;
    for (let i = 0; i < inner; i++) {
      const x0 = A[a0 + i];
      const x1 = A[a1 + i];
      const x2 = A[a2 + i];
      const x3 = A[a3 + i];
      const bi = i * cols;
      for (let c = 0; c < cols; c++) {
        const w = B[bi + c];
        O[o0 + c] += x0 * w;
        O[o1 + c] += x1 * w;
        O[o2 + c] += x2 * w;
        O[o3 + c] += x3 * w;
      }
    }
  }
  for (; r < n; r++) {
    const o = r * cols;
    const ar = r * inner;
    for (let i = 0; i < inner; i++) {
      const x = A[ar + i];
      const bi = i * cols;
      for (let c = 0; c < cols; c++) O[o + c] += x * B[bi + c];
    }
  }
}

/**
 * out = scale · aᵀ·d over the first `n` rows of a and d (mutates out): out[i][c] = scale Σ_r a[r][i] d[r][c].
 * Row i of out stays in cache while the samples are summed into it; d (a batch of δ) is small.
 */
export function mulTransposeA(out: Matrix, a: Matrix, d: Matrix, n: number, scale: number): void {
  const inner = a.cols;
  const cols = d.cols;
  const A = a.data;
  const D = d.data;
  const O = out.data;
  O.fill(0);
  for (let i = 0; i < inner; i++) {
    const o = i * cols;
    let r = 0;
    for (; r + 3 < n; r += 4) {
      const x0 = A[r * inner + i] * scale;
      const x1 = A[(r + 1) * inner + i] * scale;
      const x2 = A[(r + 2) * inner + i] * scale;
      const x3 = A[(r + 3) * inner + i] * scale;
      const d0 = r * cols;
      const d1 = d0 + cols;
      const d2 = d1 + cols;
      const d3 = d2 + cols;
      for (let c = 0; c < cols; c++) O[o + c] += x0 * D[d0 + c] + x1 * D[d1 + c] + x2 * D[d2 + c] + x3 * D[d3 + c];
    }
    for (; r < n; r++) {
      const x = A[r * inner + i] * scale;
      const dr = r * cols;
      for (let c = 0; c < cols; c++) O[o + c] += x * D[dr + c];
    }
  }
}

/**
 * out = d·bᵀ over the first `n` rows of d (mutates out): out[r][i] = Σ_c d[r][c] b[i][c].
 * Each row of b is loaded once and dotted with every sample's row of d.
 */
export function mulTransposeB(out: Matrix, d: Matrix, b: Matrix, n: number): void {
  const cols = d.cols;
  const inner = b.rows;
  const D = d.data;
  const B = b.data;
  const O = out.data;
  for (let i = 0; i < inner; i++) {
    const bi = i * cols;
    for (let r = 0; r < n; r++) {
      const dr = r * cols;
      let s0 = 0;
      let s1 = 0;
      let c = 0;
      for (; c + 1 < cols; c += 2) {
        s0 += D[dr + c] * B[bi + c];
        s1 += D[dr + c + 1] * B[bi + c + 1];
      }
      if (c < cols) s0 += D[dr + c] * B[bi + c];
      O[r * inner + i] = s0 + s1;
    }
  }
}

/** out[c] = scale · Σ_r d[r][c] over the first `n` rows (mutates out). */
export function sumRows(out: Float64Array, d: Matrix, n: number, scale: number): void {
  const cols = d.cols;
  const D = d.data;
  out.fill(0);
  for (let r = 0; r < n; r++) {
    const dr = r * cols;
    for (let c = 0; c < cols; c++) out[c] += D[dr + c];
  }
  if (scale !== 1) for (let c = 0; c < cols; c++) out[c] *= scale;
}

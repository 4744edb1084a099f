// Dense row-major Float64 matrices and the three products that training needs:
//   forward   U = Y·W        (batch×in · in×out)
//   gradient  ∂W = Yᵀ·Δ      (in×batch · batch×out)
//   backward  ∂Y = Δ·Wᵀ      (batch×out · out×in)
// Two kernels compute them with the same arithmetic, bit for bit: WebAssembly SIMD (./wasm/kernels.wat)
// on matrices allocated from an Arena (one WebAssembly.Memory, sized once), and a register-blocked
// TypeScript kernel over packed copies for every other matrix and wherever WebAssembly SIMD is missing.
// Imports only ./wasm/kernels.

import { instantiateKernels, type Kernels } from './wasm/kernels';

/** A row-major matrix: element (r, c) is data[r * cols + c]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  /** the arena whose memory holds data, when the wasm kernel may work on it in place */
  readonly arena?: Arena;
}

/** Which kernel new arenas enable: 'auto' the wasm one where it runs, 'ts' none (for benchmarks and tests). */
export type KernelChoice = 'auto' | 'ts';

let kernelChoice: KernelChoice = 'auto';

/** Sets the kernel that arenas created from now on use (mutates a module setting; existing arenas keep theirs). */
export function chooseKernel(choice: KernelChoice): void {
  kernelChoice = choice;
}

/** Products of at most this many multiply-adds take the TypeScript kernel: a wasm call costs more (2-2-2 networks). */
const TINY = 8;

/** Bytes kept after the last allocation: the wasm kernel may read up to three doubles past an operand. */
const TAIL = 64;
/** Allocations start on 64-byte (cache line) boundaries. */
const ALIGN = 8;

/**
 * Memory for the matrices and vectors of one network, allocated once: a WebAssembly.Memory of fixed
 * size when the wasm kernel can run (so that it works in place, on byte offsets), else a plain buffer.
 * Never grows, so views into it stay valid. The first `scratch` doubles are the kernel's packing space.
 */
export class Arena {
  readonly buffer: ArrayBuffer;
  /** the wasm kernels on this memory, or undefined (then every product takes the TypeScript path) */
  readonly kernels: Kernels | undefined;
  /** byte offset of the kernel's scratch (packed panels; see kernels.wat) */
  readonly scratch = 0;
  /** the largest batch (n of the gradient) that the scratch can take */
  readonly batch: number;
  /** the largest inner dimension (forward, backward) or Δ width (gradient) that the scratch can take */
  readonly width: number;
  private next: number;

  /** The doubles an allocation of n takes in an arena (n rounded up to whole cache lines). */
  static slot(n: number): number {
    return Math.ceil(n / ALIGN) * ALIGN;
  }

  /**
   * An arena for allocations of at most `doubles` in total, counted with Arena.slot, with a kernel
   * scratch for batches of up to `batch` samples and layers of up to `width` neurons.
   */
  constructor(doubles: number, batch: number, width: number) {
    this.batch = Math.max(batch, 1);
    this.width = Math.max(width, 1);
    // forward and backward pack 4 × K; the gradient packs 4 × n, then Δ in panels of four columns
    const scratchBytes = Arena.slot(Math.max(4 * this.width, 4 * this.batch + this.batch * 4 * Math.ceil(this.width / 4))) * 8;
    const bytes = scratchBytes + doubles * 8 + TAIL;
    let kernels: Kernels | undefined;
    let buffer: ArrayBuffer | undefined;
    if (kernelChoice === 'auto' && typeof WebAssembly === 'object') {
      try {
        const pages = Math.ceil(bytes / 65536);
        const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
        kernels = instantiateKernels(memory);
        if (kernels) buffer = memory.buffer;
      } catch {
        kernels = undefined;
      }
    }
    this.kernels = kernels;
    this.buffer = buffer ?? new ArrayBuffer(bytes);
    this.next = scratchBytes;
  }

  /** A new zero vector of n doubles in this arena. */
  vector(n: number): Float64Array {
    const bytes = Arena.slot(n) * 8;
    if (this.next + bytes + TAIL > this.buffer.byteLength) throw new RangeError('arena full: its size was computed wrong');
    const v = new Float64Array(this.buffer, this.next, n);
    this.next += bytes;
    return v;
  }

  /** A new zero rows × cols matrix in this arena. */
  matrix(rows: number, cols: number): Matrix {
    const data = this.vector(rows * cols);
    return { rows, cols, data, arena: this.kernels ? this : undefined };
  }
}

export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  // one object shape for every matrix (arena or not), so that the products' property reads stay monomorphic
  return { rows, cols, data: data ?? new Float64Array(rows * cols), arena: undefined };
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

// Every product is O = init + X·P with X (rows×K) and P (K×cols) read through strides, so that a
// transposed operand costs nothing but its packing. Each element is summed in the order k = 0, 1, …,
// K − 1 from its initial value, so the result does not depend on the blocking (deterministic).

/** X packed for the kernel: groups of four rows interleaved (x[k][r..r+3] adjacent), then the rest row by row. */
let packedX = new Float64Array(1024);
/** A panel of P: COLS columns interleaved, K rows (p[k][c..c+2] adjacent). */
let panel = new Float64Array(1024);

const ROWS = 4;
const COLS = 3;

/** Packs X[r][k] = src[r·rs + k·cs] · scale into packedX (scale 1 is exact). */
function packX(src: Float64Array, rows: number, K: number, rs: number, cs: number, scale: number): Float64Array {
  if (packedX.length < rows * K) packedX = new Float64Array(rows * K);
  const X = packedX;
  const full = rows - (rows % ROWS);
  let q = 0;
  for (let r = 0; r < full; r += ROWS) {
    const s0 = r * rs;
    const s1 = s0 + rs;
    const s2 = s1 + rs;
    const s3 = s2 + rs;
    for (let k = 0, sk = 0; k < K; k++, sk += cs, q += ROWS) {
      X[q] = src[s0 + sk] * scale;
      X[q + 1] = src[s1 + sk] * scale;
      X[q + 2] = src[s2 + sk] * scale;
      X[q + 3] = src[s3 + sk] * scale;
    }
  }
  for (let r = full; r < rows; r++) for (let k = 0, s = r * rs; k < K; k++, s += cs) X[q++] = src[s] * scale;
  return X;
}

/** Packs columns c .. c + width − 1 of P[k][c] = src[k·rs + c·cs] into panel, interleaved. */
function packPanel(src: Float64Array, K: number, c: number, width: number, rs: number, cs: number): Float64Array {
  if (panel.length < K * COLS) panel = new Float64Array(K * COLS);
  const P = panel;
  for (let m = 0; m < width; m++) for (let k = 0, s = c * cs + m * cs, q = m; k < K; k++, s += rs, q += width) P[q] = src[s];
  return P;
}

/**
 * O[r][c] = init[c] + Σ_k X[r][k] P[k][c] for r < rows, c < cols (mutates O; init undefined means 0).
 * A 4×3 block of O stays in registers while k runs, so each loaded element serves three or four products.
 */
function gemm(
  O: Float64Array,
  rows: number,
  cols: number,
  K: number,
  X: Float64Array,
  P: Float64Array,
  pr: number,
  pc: number,
  init: Float64Array | undefined,
): void {
  const full = rows - (rows % ROWS);
  for (let c = 0; c < cols; c += COLS) {
    const width = Math.min(COLS, cols - c);
    const B = packPanel(P, K, c, width, pr, pc);
    if (width === COLS) {
      const i0 = init ? init[c] : 0;
      const i1 = init ? init[c + 1] : 0;
      const i2 = init ? init[c + 2] : 0;
      for (let r = 0; r < full; r += ROWS) {
        let s00 = i0, s01 = i1, s02 = i2;
        let s10 = i0, s11 = i1, s12 = i2;
        let s20 = i0, s21 = i1, s22 = i2;
        let s30 = i0, s31 = i1, s32 = i2;
        const end = (r + ROWS) * K;
        for (let q = r * K, p = 0; q < end; q += ROWS, p += COLS) {
          const w0 = B[p];
          const w1 = B[p + 1];
          const w2 = B[p + 2];
          const x0 = X[q];
          s00 += x0 * w0;
          s01 += x0 * w1;
          s02 += x0 * w2;
          const x1 = X[q + 1];
          s10 += x1 * w0;
          s11 += x1 * w1;
          s12 += x1 * w2;
          const x2 = X[q + 2];
          s20 += x2 * w0;
          s21 += x2 * w1;
          s22 += x2 * w2;
          const x3 = X[q + 3];
          s30 += x3 * w0;
          s31 += x3 * w1;
          s32 += x3 * w2;
        }
        const o = r * cols + c;
        O[o] = s00;
        O[o + 1] = s01;
        O[o + 2] = s02;
        O[o + cols] = s10;
        O[o + cols + 1] = s11;
        O[o + cols + 2] = s12;
        O[o + 2 * cols] = s20;
        O[o + 2 * cols + 1] = s21;
        O[o + 2 * cols + 2] = s22;
        O[o + 3 * cols] = s30;
        O[o + 3 * cols + 1] = s31;
        O[o + 3 * cols + 2] = s32;
      }
      for (let r = full; r < rows; r++) {
        let s0 = i0, s1 = i1, s2 = i2;
        for (let q = r * K, end = q + K, p = 0; q < end; q++, p += COLS) {
          const x = X[q];
          s0 += x * B[p];
          s1 += x * B[p + 1];
          s2 += x * B[p + 2];
        }
        const o = r * cols + c;
        O[o] = s0;
        O[o + 1] = s1;
        O[o + 2] = s2;
      }
    } else {
      // the last one or two columns, one at a time
      for (let m = 0; m < width; m++) {
        const i0 = init ? init[c + m] : 0;
        for (let r = 0; r < full; r += ROWS) {
          let s0 = i0, s1 = i0, s2 = i0, s3 = i0;
          for (let q = r * K, p = m, end = q + ROWS * K; q < end; q += ROWS, p += width) {
            const w = B[p];
            s0 += X[q] * w;
            s1 += X[q + 1] * w;
            s2 += X[q + 2] * w;
            s3 += X[q + 3] * w;
          }
          const o = r * cols + c + m;
          O[o] = s0;
          O[o + cols] = s1;
          O[o + 2 * cols] = s2;
          O[o + 3 * cols] = s3;
        }
        for (let r = full; r < rows; r++) {
          let s = i0;
          for (let q = r * K, end = q + K, p = m; q < end; q++, p += width) s += X[q] * B[p];
          O[r * cols + c + m] = s;
        }
      }
    }
  }
}

/** out[r][c] = bias[c] + Σ_i a[r][i] b[i][c] for the first `n` rows of a (mutates out). */
export function mulAddBias(out: Matrix, a: Matrix, b: Matrix, bias: Float64Array, n: number): void {
  const arena = out.arena;
  if (n * a.cols * b.cols > TINY && arena && a.arena === arena && b.arena === arena && bias.buffer === arena.buffer && a.cols <= arena.width) {
    arena.kernels!.forward(out.data.byteOffset, a.data.byteOffset, b.data.byteOffset, bias.byteOffset, n, a.cols, b.cols, arena.scratch);
    return;
  }
  const X = packX(a.data, n, a.cols, a.cols, 1, 1);
  gemm(out.data, n, b.cols, a.cols, X, b.data, b.cols, 1, bias);
}

/** out = scale · aᵀ·d over the first `n` rows of a and d (mutates out): out[i][c] = Σ_r (scale · a[r][i]) d[r][c]. */
export function mulTransposeA(out: Matrix, a: Matrix, d: Matrix, n: number, scale: number): void {
  const arena = out.arena;
  if (n * a.cols * d.cols > TINY && arena && a.arena === arena && d.arena === arena && n <= arena.batch && d.cols <= arena.width) {
    arena.kernels!.gradient(out.data.byteOffset, a.data.byteOffset, d.data.byteOffset, n, a.cols, d.cols, scale, arena.scratch);
    return;
  }
  const X = packX(a.data, a.cols, n, 1, a.cols, scale);
  gemm(out.data, a.cols, d.cols, n, X, d.data, d.cols, 1, undefined);
}

/** out = d·bᵀ over the first `n` rows of d (mutates out): out[r][i] = Σ_c d[r][c] b[i][c]. */
export function mulTransposeB(out: Matrix, d: Matrix, b: Matrix, n: number): void {
  const arena = out.arena;
  if (n * d.cols * b.rows > TINY && arena && d.arena === arena && b.arena === arena && d.cols <= arena.width) {
    arena.kernels!.backward(out.data.byteOffset, d.data.byteOffset, b.data.byteOffset, n, d.cols, b.rows, arena.scratch);
    return;
  }
  const X = packX(d.data, n, d.cols, d.cols, 1, 1);
  gemm(out.data, n, b.rows, d.cols, X, b.data, 1, b.cols, undefined);
}

/** out[c] = scale · Σ_r d[r][c] over the first `n` rows (mutates out). */
export function sumRows(out: Float64Array, d: Matrix, n: number, scale: number): void {
  const cols = d.cols;
  const D = d.data;
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let x = c, end = n * cols; x < end; x += cols) s += D[x];
    out[c] = scale === 1 ? s : s * scale;
  }
}

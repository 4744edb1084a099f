// What the network has learned: its outputs y for any inputs (a grid over the input plane, or the data
// set's own samples) under the current parameters, in one batched forward pass u = Y·W + b, y = f(u)
// per layer. Nothing of the trainer changes: the pass has buffers of its own, records no history, and
// applies no dropout (a prediction uses the whole network, as at test time). Beside it, the grids the
// learned-function views are drawn on and how predictions are read: the task (classification or
// regression), predicted classes, accuracy, the confusion matrix, and the target function of the
// built-in sin. Imports nothing outside the engine.

import { Arena, matrix, mulAddBias, type Matrix } from './matrix';
import type { LayerState } from './network';

/** The share of an input's range added on each side of a grid, so the data does not sit on its edge. */
export const GRID_MARGIN = 0.1;

/** Rows forwarded at a time: bounds the pass's buffers (rows × each layer's width, twice) for any network. */
const CHUNK = 256;

/**
 * y of the output layer for every row of `inputs` (rows × input neurons) under the layers' current w and b:
 * a new rows × output-neurons matrix. Does not mutate the layers.
 */
export function predict(layers: readonly LayerState[], inputs: Matrix): Matrix {
  const L = layers.length - 1;
  if (inputs.cols !== layers[0].size) throw new RangeError(`predict: ${inputs.cols} inputs for a network of ${layers[0].size}`);
  const out = matrix(inputs.rows, layers[L].size);
  const { w, b, u, y } = buffersFor(layers);
  // this pass's own copy of the parameters, beside its buffers (the wasm kernel takes operands of one arena)
  for (let l = 1; l <= L; l++) {
    w[l].data.set(layers[l].w.data);
    b[l].set(layers[l].b);
  }
  for (let first = 0; first < inputs.rows; first += CHUNK) {
    const n = Math.min(CHUNK, inputs.rows - first);
    y[0].data.set(inputs.data.subarray(first * inputs.cols, (first + n) * inputs.cols));
    for (let l = 1; l <= L; l++) {
      const layer = layers[l];
      // u_k = Σ_j y_j w_jk + b_k, y_k = f(u_k); no dropout mask
      mulAddBias(u[l], y[l - 1], w[l], b[l], n);
      layer.activation.forward(u[l], y[l], n, layer.spec.alpha);
    }
    out.data.set(y[L].data.subarray(0, n * out.cols), first * out.cols);
  }
  return out;
}

/** The pass's buffers: w, b and CHUNK rows of u and y per layer, in one arena of their own. */
interface Buffers {
  readonly w: Matrix[];
  readonly b: Float64Array[];
  readonly u: Matrix[];
  readonly y: Matrix[];
}

/** Buffers by network (its layers' array), made once: a wasm arena costs more to make than a pass. */
const buffers = new WeakMap<readonly LayerState[], Buffers>();

function buffersFor(layers: readonly LayerState[]): Buffers {
  const known = buffers.get(layers);
  if (known) return known;
  let doubles = 0;
  layers.forEach((l) => (doubles += Arena.slot(l.w.data.length) + Arena.slot(l.b.length) + 2 * Arena.slot(CHUNK * l.size)));
  const arena = new Arena(doubles, CHUNK, Math.max(...layers.map((l) => l.size)));
  const made: Buffers = {
    w: layers.map((l) => arena.matrix(l.w.rows, l.w.cols)),
    b: layers.map((l) => arena.vector(l.b.length)),
    u: layers.map((l) => arena.matrix(CHUNK, l.size)),
    y: layers.map((l) => arena.matrix(CHUNK, l.size)),
  };
  buffers.set(layers, made);
  return made;
}

/** The span of one input column over the data, widened by `margin` of its width on each side. */
export function inputRange(data: Matrix, column: number, margin = GRID_MARGIN): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < data.rows; r++) {
    const v = data.data[r * data.cols + column];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return { lo: -1, hi: 1 };
  // a constant column still gets a window around its value
  const width = hi - lo || Math.max(1, Math.abs(lo));
  return { lo: lo - margin * width, hi: hi + margin * width };
}

/** Points of a grid over the inputs: K for one input, K × K for two (row-major: x₁ varies fastest). */
export interface Grid {
  /** K: points along each input */
  readonly k: number;
  /** each input's range, margin included */
  readonly ranges: readonly { readonly lo: number; readonly hi: number }[];
  /** K (or K²) rows, one column per input */
  readonly inputs: Matrix;
}

/**
 * A grid of `k` points per input over the data's range with the margin: point a of input i is
 * lo_i + a (hi_i − lo_i) / (K − 1). Only for one or two inputs (a plane has no room for more).
 */
export function gridInputs(data: Matrix, k: number, margin = GRID_MARGIN): Grid {
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError(`a grid needs at least 2 points per input, not ${k}`);
  if (data.cols !== 1 && data.cols !== 2) throw new RangeError(`a grid covers one or two inputs, not ${data.cols}`);
  const ranges = Array.from({ length: data.cols }, (_, i) => inputRange(data, i, margin));
  const at = (i: number, a: number): number => ranges[i].lo + ((ranges[i].hi - ranges[i].lo) * a) / (k - 1);
  if (data.cols === 1) return { k, ranges, inputs: matrix(k, 1, Float64Array.from({ length: k }, (_, a) => at(0, a))) };
  const inputs = matrix(k * k, 2);
  for (let b = 0; b < k; b++) {
    for (let a = 0; a < k; a++) {
      inputs.data[(b * k + a) * 2] = at(0, a);
      inputs.data[(b * k + a) * 2 + 1] = at(1, b);
    }
  }
  return { k, ranges, inputs };
}

export type Task = 'classification' | 'regression';

/** Classification when every target is 0 or 1 and, with several outputs, each row names one class (one-hot). */
export function taskOf(targets: Matrix): Task {
  const { rows, cols, data } = targets;
  if (rows === 0) return 'regression';
  for (let s = 0; s < rows; s++) {
    let ones = 0;
    for (let k = 0; k < cols; k++) {
      const t = data[s * cols + k];
      if (t !== 0 && t !== 1) return 'regression';
      ones += t;
    }
    if (cols > 1 && ones !== 1) return 'regression';
  }
  return 'classification';
}

/** The class a row names: with one output, 1 when y ≥ 0.5 (else 0); with several, the largest (the first of equals). */
export function classOf(m: Matrix, row: number): number {
  const { cols, data } = m;
  if (cols === 1) return data[row] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < cols; k++) if (data[row * cols + k] > data[row * cols + best]) best = k;
  return best;
}

/** How many classes a classification's outputs name (2 for a single output). */
export function classCount(outputs: number): number {
  return outputs === 1 ? 2 : outputs;
}

/** counts[t][p]: samples of target class t predicted as p; and the share on the diagonal (accuracy). */
export function confusion(outputs: Matrix, targets: Matrix): { counts: number[][]; accuracy: number } {
  const c = classCount(targets.cols);
  const counts = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  let right = 0;
  for (let s = 0; s < targets.rows; s++) {
    const t = classOf(targets, s);
    const p = classOf(outputs, s);
    counts[t][p]++;
    if (t === p) right++;
  }
  return { counts, accuracy: targets.rows ? right / targets.rows : NaN };
}

/**
 * The noise-free function behind a built-in data set, where there is one: the built-in sin (data.ts) takes
 * x = 0, 0.1, … < 2π, gives the input (x − π)/π and the target sin x, so t = sin(π·input + π).
 */
export function targetFunction(source: string): ((input: number) => number) | undefined {
  return source === 'built-in sin' ? (input) => Math.sin(Math.PI * input + Math.PI) : undefined;
}

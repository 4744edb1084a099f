// The learned function as it travels from the debug adapter (custom request `backprop.predict`, built in
// src/debug/prediction.ts) through the host to the inspector's learned-function panel: the network's
// outputs on a grid over its inputs (one or two of them) and on the data set's samples, as compact
// buffers; the check every receiver runs on it; and its decoding. Imports protocol modules only.

import { decodeMatrix, type EncodedMatrix } from './buffers';

/** Grid points per input the panel asks for (100 × 100 for two inputs: well under a frame to compute). */
export const DEFAULT_GRID = 100;
/** the most grid points per input a request may ask for */
export const MAX_GRID = 200;
/** the most samples a prediction carries (evenly spread over the data beyond it) */
export const MAX_SAMPLES = 2000;

export type PredictionTask = 'classification' | 'regression';

export interface PredictionResult {
  /** where training stood: the parameters used are those at this stop */
  readonly iteration: number;
  readonly position: number;
  readonly task: PredictionTask;
  /** neurons of the input and output layers */
  readonly inputs: number;
  readonly outputs: number;
  /** for one or two inputs: K points per input over the data's range with a 10 % margin each side */
  readonly grid?: {
    readonly k: number;
    readonly ranges: readonly { readonly lo: number; readonly hi: number }[];
    /** K (or K², the first input varying fastest) × outputs */
    readonly outputs: EncodedMatrix;
    /** the target function on the grid, where the data is a built-in function (sin): K × 1 */
    readonly target?: EncodedMatrix;
  };
  /** the data set's samples (all of them, or MAX_SAMPLES evenly spread) */
  readonly data: {
    /** samples in the data set */
    readonly total: number;
    /** the samples' indices, when not all are here: every `stride`-th from 0 */
    readonly stride: number;
    /** only for one or two inputs (the grid views draw them) */
    readonly inputs?: EncodedMatrix;
    readonly targets: EncodedMatrix;
    readonly outputs: EncodedMatrix;
  };
  /** classification: the share of the samples here classified right */
  readonly accuracy?: number;
}

/** A decoded prediction, for drawing. */
export interface PredictionView {
  readonly iteration: number;
  readonly position: number;
  readonly task: PredictionTask;
  readonly inputs: number;
  readonly outputs: number;
  readonly grid?: { readonly k: number; readonly ranges: readonly { lo: number; hi: number }[]; readonly outputs: Float64Array; readonly target?: Float64Array };
  readonly data: { readonly total: number; readonly n: number; readonly inputs?: Float64Array; readonly targets: Float64Array; readonly outputs: Float64Array };
  readonly accuracy?: number;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function whole(x: unknown, min: number, max = Number.MAX_SAFE_INTEGER): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

function isMatrix(x: unknown, rows: number, cols: number): x is EncodedMatrix {
  return isObject(x) && x.rows === rows && x.cols === cols && typeof x.base64 === 'string';
}

/**
 * Checks and decodes a prediction that arrived in a message; undefined for anything malformed (wrong
 * shapes, bad base64, absurd sizes). Pure.
 */
export function toPredictionView(x: unknown): PredictionView | undefined {
  if (!isObject(x) || !whole(x.iteration, 1) || !whole(x.position, 0) || (x.task !== 'classification' && x.task !== 'regression')) return undefined;
  if (!whole(x.inputs, 1, 100_000) || !whole(x.outputs, 1, 100_000)) return undefined;
  const { inputs, outputs } = x;
  const d = x.data;
  if (!isObject(d) || !whole(d.total, 1) || !whole(d.stride, 1)) return undefined;
  const n = Math.ceil(d.total / d.stride);
  if (n > MAX_SAMPLES || !isMatrix(d.targets, n, outputs) || !isMatrix(d.outputs, n, outputs)) return undefined;
  if (d.inputs !== undefined && !(inputs <= 2 && isMatrix(d.inputs, n, inputs))) return undefined;
  if (x.accuracy !== undefined && !(typeof x.accuracy === 'number' && x.accuracy >= 0 && x.accuracy <= 1)) return undefined;
  let grid: PredictionView['grid'];
  try {
    if (x.grid !== undefined) {
      const g = x.grid;
      if (!isObject(g) || !whole(g.k, 2, MAX_GRID) || inputs > 2 || !Array.isArray(g.ranges) || g.ranges.length !== inputs) return undefined;
      const ranges = (g.ranges as unknown[]).map((r) => (isObject(r) && typeof r.lo === 'number' && typeof r.hi === 'number' && Number.isFinite(r.lo) && Number.isFinite(r.hi) && r.lo < r.hi ? { lo: r.lo, hi: r.hi } : undefined));
      if (ranges.some((r) => !r)) return undefined;
      const points = inputs === 1 ? g.k : g.k * g.k;
      if (!isMatrix(g.outputs, points, outputs) || (g.target !== undefined && !(inputs === 1 && isMatrix(g.target, points, 1)))) return undefined;
      grid = { k: g.k, ranges: ranges as { lo: number; hi: number }[], outputs: decodeMatrix(g.outputs), target: g.target ? decodeMatrix(g.target as EncodedMatrix) : undefined };
    }
    return {
      iteration: x.iteration,
      position: x.position,
      task: x.task,
      inputs,
      outputs,
      grid,
      data: {
        total: d.total,
        n,
        inputs: d.inputs ? decodeMatrix(d.inputs as EncodedMatrix) : undefined,
        targets: decodeMatrix(d.targets),
        outputs: decodeMatrix(d.outputs),
      },
      accuracy: x.accuracy as number | undefined,
    };
  } catch {
    return undefined;
  }
}

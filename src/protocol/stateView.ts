// The parser of a state snapshot for the inspector: a StateSnapshot checked for consistency and decoded
// into Float64Arrays once (StateView). Anything inconsistent (wrong shapes, bad base64, absurd sizes)
// makes the whole state invalid and the webview ignores it. Beside parseToWebview (messages.ts), which
// checks a message's outline; this checks every size and decodes. Imports engine and protocol only.

import { ACTIVATIONS } from '../engine/activations';
import type { EpochShape } from '../engine/epochLoss';
import { PER_SAMPLE, type Quantity } from '../engine/quantities';
import type { Phase } from '../engine/trainer';
import { decodeMatrix, type EncodedMatrix } from './buffers';
import { isWhole } from './messages';
import { fromNonFinite, type Forming, type LayerSnapshot, type StateSnapshot } from './snapshot';

/** A decoded rows × cols matrix, row-major. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A layer as the webview reads it: the snapshot's description, its matrices decoded. */
export interface LayerView extends Pick<LayerSnapshot, 'index' | 'size' | 'activation' | 'alpha' | 'trainWeights' | 'trainBiases'> {
  readonly q: Partial<Record<Quantity, Mat>>;
}

export interface StopView {
  readonly phase: Phase;
  readonly layer: number;
}

export interface StateView {
  readonly name: string;
  readonly loss: 'sum-of-squares' | 'cross-entropy';
  readonly reduction: 'sum' | 'mean';
  readonly iteration: number;
  readonly epoch: number;
  readonly totalIterations: number;
  readonly position: number;
  readonly stops: readonly StopView[];
  readonly stop: StopView | null;
  readonly eta: number;
  readonly lossValue: number | null;
  /** samples in this batch (B) */
  readonly n: number;
  /** data index of each sample of the batch */
  readonly samples: readonly number[];
  /** t per sample × output neuron */
  readonly targets: Mat;
  readonly layers: readonly LayerView[];
  readonly recordedLosses: number;
  readonly finished: boolean;
  /** the layer being formed neuron by neuron (Step Into), or null */
  readonly forming: Forming | null;
  /** how the data is cut into batches and E combines them (for the epoch loss) */
  readonly shape: EpochShape;
}

/** Limits beyond which a state is treated as hostile or broken. */
const MAX_LAYERS = 64;
const MAX_NEURONS = 100_000;
const MAX_BATCH = 100_000;
const MAX_CELLS = 20_000_000;
const PHASES: readonly Phase[] = ['forward', 'loss', 'backward', 'update'];

function decode(m: EncodedMatrix | undefined, rows: number, cols: number, budget: { cells: number }): Mat | undefined {
  if (m === undefined) return undefined;
  if (m.rows !== rows || m.cols !== cols) throw new Error('shape');
  budget.cells -= rows * cols;
  if (budget.cells < 0) throw new Error('too large');
  return { rows, cols, data: decodeMatrix(m) };
}

function stopOf(x: unknown, L: number): StopView {
  const s = x as { phase?: unknown; layer?: unknown } | null;
  if (typeof s !== 'object' || s === null || !PHASES.includes(s.phase as Phase) || !isWhole(s.layer, 0, L)) throw new Error('stop');
  return { phase: s.phase as Phase, layer: s.layer };
}

/** Checks and decodes a snapshot; undefined when anything does not fit (does not mutate it). */
export function toStateView(s: StateSnapshot): StateView | undefined {
  try {
    const net = s.network;
    if (typeof net.name !== 'string') return undefined;
    if (net.loss !== 'sum-of-squares' && net.loss !== 'cross-entropy') return undefined;
    if (net.reduction !== 'sum' && net.reduction !== 'mean') return undefined;
    const layers = s.layers;
    if (layers.length < 2 || layers.length > MAX_LAYERS) return undefined;
    const L = layers.length - 1;
    if (!isWhole(s.iteration, 1, Number.MAX_SAFE_INTEGER) || !isWhole(s.totalIterations, 1, Number.MAX_SAFE_INTEGER)) return undefined;
    if (!isWhole(s.epoch, 1, Number.MAX_SAFE_INTEGER) || !isWhole(s.recordedLosses, 0, Number.MAX_SAFE_INTEGER)) return undefined;
    if (!Array.isArray(s.stops) || s.stops.length > 4 * MAX_LAYERS) return undefined;
    const stops = s.stops.map((x) => stopOf(x, L));
    if (!isWhole(s.position, 0, stops.length)) return undefined;
    const stop = s.stop === null ? null : stopOf(s.stop, L);
    const eta = typeof s.eta === 'number' && Number.isFinite(s.eta) ? s.eta : fromNonFinite(s.etaNonFinite);
    if (eta === undefined) return undefined;
    if (s.lossValue !== null && typeof s.lossValue !== 'number') return undefined;
    // a non-finite E travels by name (JSON would make it null)
    const lossValue = s.lossValue ?? fromNonFinite(s.lossValueNonFinite) ?? null;
    if (!isWhole(net.samples, 1, Number.MAX_SAFE_INTEGER) || !isWhole(net.batchSize, 1, Number.MAX_SAFE_INTEGER)) return undefined;
    const n = s.targets.rows;
    if (!isWhole(n, 1, MAX_BATCH)) return undefined;
    const budget = { cells: MAX_CELLS };
    const out: LayerView[] = [];
    for (let l = 0; l <= L; l++) {
      const x = layers[l];
      if (x.index !== l || !isWhole(x.size, 1, MAX_NEURONS) || !ACTIVATIONS.includes(x.activation)) return undefined;
      const size = x.size;
      const prev = l > 0 ? layers[l - 1].size : 0;
      const q: Partial<Record<Quantity, Mat>> = {};
      for (const k of PER_SAMPLE) q[k] = decode(x[k], n, size, budget);
      if (l > 0) {
        if (!x.w || !x.b) return undefined;
        q.w = decode(x.w, prev, size, budget);
        q.dw = decode(x.dw, prev, size, budget);
        q.b = decode(x.b, 1, size, budget);
        q.db = decode(x.db, 1, size, budget);
      } else if (!q.y) return undefined;
      out.push({ index: l, size, activation: x.activation, alpha: typeof x.alpha === 'number' && Number.isFinite(x.alpha) ? x.alpha : 0.01, trainWeights: x.trainWeights !== false, trainBiases: x.trainBiases !== false, q });
    }
    const targets = decode(s.targets, n, layers[L].size, budget);
    if (!targets) return undefined;
    const samples = Array.isArray(s.samples) && s.samples.length === n && s.samples.every((v) => isWhole(v, 0, Number.MAX_SAFE_INTEGER)) ? [...s.samples] : Array.from({ length: n }, (_, i) => i);
    return {
      name: net.name.slice(0, 200),
      loss: net.loss,
      reduction: net.reduction,
      iteration: s.iteration,
      epoch: s.epoch,
      totalIterations: s.totalIterations,
      position: s.position,
      stops,
      stop,
      eta,
      lossValue,
      n,
      samples,
      targets,
      layers: out,
      recordedLosses: s.recordedLosses,
      finished: s.finished === true,
      forming: formingOf(s.forming, out),
      shape: { samples: net.samples, batchSize: net.batchSize, reduction: net.reduction },
    };
  } catch {
    return undefined;
  }
}

/** A valid Forming for these layers, else null. */
function formingOf(x: unknown, layers: readonly LayerView[]): Forming | null {
  if (typeof x !== 'object' || x === null) return null;
  const f = x as Record<string, unknown>;
  if (!isWhole(f.layer, 1, layers.length - 1) || (f.phase !== 'forward' && f.phase !== 'backward')) return null;
  const size = layers[f.layer].size;
  if (!isWhole(f.first, 0, size) || !isWhole(f.second, 0, f.first)) return null;
  return { layer: f.layer, phase: f.phase, first: f.first, second: f.second };
}

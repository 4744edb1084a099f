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
import { fromNonFinite, type DropoutSnapshot, type Forming, type LayerSnapshot, type OptimizerSlot, type OptimizerSnapshot, type StateSnapshot, type TensorOptimizerSnapshot } from './snapshot';

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

/** One parameter tensor's optimizer state once its update is done: the slots before and after, the step (shaped like w or b). */
export interface TensorOptimizerView {
  readonly before: Readonly<Partial<Record<OptimizerSlot, Mat>>>;
  readonly after: Readonly<Partial<Record<OptimizerSlot, Mat>>>;
  readonly step: Mat;
}

/** The optimizer as the inspector reads it (see OptimizerSnapshot); plain gradient descent when the state has none. */
export interface OptimizerView {
  readonly name: OptimizerSnapshot['name'];
  /** momentum, rho, beta1, beta2, epsilon (those of this optimizer) */
  readonly params: Readonly<Record<string, number>>;
  readonly weightDecay: number;
  /** t: the updates applied so far */
  readonly t: number;
  /** Step Into at the update stop: the last layer shown updated, else null */
  readonly updating: number | null;
  /** per layer once its update is done (else null; index 0 null), each tensor null when frozen or for plain sgd */
  readonly layers: readonly ({ readonly w: TensorOptimizerView | null; readonly b: TensorOptimizerView | null } | null)[] | null;
}

/** Dropout's rate per layer (0: none) and each layer's mask [sample][neuron] once drawn, else null. */
export interface DropoutView {
  readonly p: readonly number[];
  readonly masks: readonly (Mat | null)[];
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
  /** the optimizer and, at the update stop, its state (null: plain gradient descent, w ← w − η∂w) */
  readonly optimizer?: OptimizerView | null;
  /** dropout's rates and masks (null: no layer drops) */
  readonly dropout?: DropoutView | null;
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
    const optimizer = optimizerOf(s.optimizer, out, budget);
    const dropout = dropoutOf(s.dropout, out, n, budget);
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
      optimizer,
      dropout,
    };
  } catch {
    return undefined;
  }
}

const OPTIMIZERS: readonly OptimizerSnapshot['name'][] = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];
const SLOTS: readonly OptimizerSlot[] = ['v', 'h', 'm'];
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The optimizer's part checked and decoded (throws when it is inconsistent: the whole state is refused); null when absent. */
function optimizerOf(x: OptimizerSnapshot | undefined, layers: readonly LayerView[], budget: { cells: number }): OptimizerView | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'object' || !OPTIMIZERS.includes(x.name) || !isWhole(x.t, 0, Number.MAX_SAFE_INTEGER) || !isNumber(x.weightDecay)) throw new Error('optimizer');
  const params: Record<string, number> = {};
  for (const key of ['momentum', 'rho', 'beta1', 'beta2', 'epsilon']) {
    const v = (x.params as Record<string, unknown> | undefined)?.[key];
    if (v !== undefined) {
      if (!isNumber(v)) throw new Error('optimizer');
      params[key] = v;
    }
  }
  const L = layers.length - 1;
  const updating = x.updating === undefined || x.updating === null ? null : isWhole(x.updating, 1, L) ? x.updating : null;
  let out: OptimizerView['layers'] = null;
  if (x.layers !== undefined && x.layers !== null) {
    if (!Array.isArray(x.layers) || x.layers.length !== layers.length) throw new Error('optimizer layers');
    out = x.layers.map((entry, l) => {
      if (entry === null || l === 0) return null;
      const rows = layers[l - 1].size;
      const cols = layers[l].size;
      return { w: tensorOf(entry.w, rows, cols, budget), b: tensorOf(entry.b, 1, cols, budget) };
    });
  }
  return { name: x.name, params, weightDecay: x.weightDecay, t: x.t, updating, layers: out };
}

function tensorOf(x: TensorOptimizerSnapshot | null | undefined, rows: number, cols: number, budget: { cells: number }): TensorOptimizerView | null {
  if (!x) return null;
  const slots = (from: Partial<Record<OptimizerSlot, EncodedMatrix>> | undefined): Partial<Record<OptimizerSlot, Mat>> => {
    const m: Partial<Record<OptimizerSlot, Mat>> = {};
    for (const slot of SLOTS) if (from?.[slot] !== undefined) m[slot] = decode(from[slot], rows, cols, budget);
    return m;
  };
  const step = decode(x.step, rows, cols, budget);
  if (!step) throw new Error('step');
  return { before: slots(x.before), after: slots(x.after), step };
}

/** Dropout's part checked and decoded; null when absent. */
function dropoutOf(x: DropoutSnapshot | undefined, layers: readonly LayerView[], n: number, budget: { cells: number }): DropoutView | null {
  if (x === undefined || x === null) return null;
  if (!Array.isArray(x.p) || !Array.isArray(x.masks) || x.p.length !== layers.length || x.masks.length !== layers.length) throw new Error('dropout');
  if (!x.p.every((p) => isNumber(p) && p >= 0 && p < 1)) throw new Error('dropout');
  return { p: [...x.p], masks: x.masks.map((m, l) => (m ? (decode(m, n, layers[l].size, budget) ?? null) : null)) };
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

// Health of a training state: the first non-finite value a stop produced (its layer, neuron, quantity
// and phase), and per-layer statistics with warnings (saturated sigmoid units, dead ReLU units,
// exploding or vanishing gradients). Reads the trainer; mutates nothing. Imports nothing outside the engine.

import type { Quantity, Stop, Trainer } from './trainer';

export interface Culprit {
  readonly layer: number;
  readonly quantity: Quantity | 'loss';
  readonly phase: Stop['phase'];
  /** sample row for per-sample quantities, row j for w/∂w; undefined otherwise */
  readonly row?: number;
  /** neuron k (column) */
  readonly column?: number;
  readonly value: number;
}

/** Quantities each phase computes, per layer. */
const PRODUCED: Record<Stop['phase'], Quantity[]> = {
  forward: ['u', 'y'],
  loss: [],
  backward: ['dy', 'delta', 'dw', 'db'],
  update: ['w', 'b'],
};

/** The first NaN or ±Infinity produced by `stop` (undefined when all are finite). */
export function findNonFinite(trainer: Trainer, stop: Stop): Culprit | undefined {
  if (stop.phase === 'loss') {
    return Number.isFinite(trainer.lossValue) ? undefined : { layer: stop.layer, quantity: 'loss', phase: 'loss', value: trainer.lossValue };
  }
  const layers = stop.phase === 'update' ? trainer.layers.map((l) => l.index).slice(1) : [stop.layer];
  for (const l of layers) {
    for (const quantity of PRODUCED[stop.phase]) {
      const { data, cols, rows } = quantityView(trainer, l, quantity);
      for (let x = 0; x < rows * cols; x++) {
        if (!Number.isFinite(data[x])) return { layer: l, quantity, phase: stop.phase, row: Math.floor(x / cols), column: x % cols, value: data[x] };
      }
    }
  }
  return undefined;
}

/** The live values of a quantity of layer l: rows × cols of data (per-sample quantities cover the current batch). */
export function quantityView(trainer: Trainer, l: number, quantity: Quantity): { data: Float64Array; rows: number; cols: number } {
  const layer = trainer.layers[l];
  switch (quantity) {
    case 'w':
    case 'dw': {
      const m = layer[quantity];
      return { data: m.data, rows: m.rows, cols: m.cols };
    }
    case 'b':
    case 'db':
      return { data: layer[quantity], rows: 1, cols: layer[quantity].length };
    default:
      return { data: layer[quantity].data, rows: trainer.batchSize, cols: layer.size };
  }
}

export interface Stats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** √Σ v² */
  readonly norm: number;
}

export function stats(data: Float64Array, count = data.length): Stats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let squares = 0;
  for (let x = 0; x < count; x++) {
    const v = data[x];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    squares += v * v;
  }
  return { min, max, mean: count ? sum / count : NaN, norm: Math.sqrt(squares) };
}

export type WarningKind = 'saturated' | 'dead' | 'exploding' | 'vanishing';

export interface LayerWarning {
  readonly kind: WarningKind;
  readonly layer: number;
  /** the neurons concerned (saturated, dead) */
  readonly neurons: number[];
  readonly message: string;
}

export interface Thresholds {
  /** ‖∂w‖ above this is exploding (default 1e3) */
  exploding?: number;
  /** ‖∂w‖ below this (and non-zero loss) is vanishing (default 1e-7) */
  vanishing?: number;
}

/** Warnings for layer l at the current position, from the quantities computed so far (does not mutate). */
export function layerWarnings(trainer: Trainer, l: number, thresholds: Thresholds = {}): LayerWarning[] {
  const layer = trainer.layers[l];
  const out: LayerWarning[] = [];
  if (l === 0) return out;
  const n = trainer.batchSize;
  if (trainer.isComputed(l, 'y')) {
    const kind = layer.activation.name;
    const every = (test: (u: number, y: number) => boolean): number[] => {
      const neurons: number[] = [];
      for (let k = 0; k < layer.size; k++) {
        let all = true;
        for (let s = 0; s < n && all; s++) all = test(layer.u.data[s * layer.size + k], layer.y.data[s * layer.size + k]);
        if (all) neurons.push(k);
      }
      return neurons;
    };
    if (kind === 'sigmoid' || kind === 'tanh') {
      const neurons = every((_u, y) => (kind === 'sigmoid' ? y < 0.01 || y > 0.99 : Math.abs(y) > 0.99));
      if (neurons.length) out.push({ kind: 'saturated', layer: l, neurons, message: `${neurons.length} saturated unit(s): f'(u) ≈ 0, so δ is ≈ 0 there` });
    }
    if (kind === 'relu') {
      const neurons = every((u) => u <= 0);
      if (neurons.length) out.push({ kind: 'dead', layer: l, neurons, message: `${neurons.length} dead ReLU unit(s): u ≤ 0 for every sample of the batch` });
    }
  }
  if (trainer.isComputed(l, 'dw')) {
    const norm = stats(layer.dw.data).norm;
    const exploding = thresholds.exploding ?? 1e3;
    const vanishing = thresholds.vanishing ?? 1e-7;
    if (norm > exploding) out.push({ kind: 'exploding', layer: l, neurons: [], message: `exploding gradient: ‖∂w‖ = ${norm.toPrecision(4)} > ${exploding}` });
    else if (norm < vanishing && trainer.lossValue > 1e-12) out.push({ kind: 'vanishing', layer: l, neurons: [], message: `vanishing gradient: ‖∂w‖ = ${norm.toPrecision(4)} < ${vanishing}` });
  }
  return out;
}

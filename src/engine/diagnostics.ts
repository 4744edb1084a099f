// Health of a training state: the first non-finite value a stop produced (its layer, neuron, quantity
// and phase), and per-layer statistics with warnings (saturated sigmoid units, dead ReLU units,
// exploding or vanishing gradients). Reads the trainer; mutates nothing. Imports nothing outside the engine.

import { loss } from './losses';
import { matrix } from './matrix';
import { messages } from './messages';
import { COMPUTED_BY } from './quantities';
import type { Quantity, Stop, Trainer } from './trainer';

export interface Culprit {
  readonly layer: number;
  readonly quantity: Quantity | 'loss';
  readonly phase: Stop['phase'];
  /** sample row for per-sample quantities and the loss, row j for w/∂w; undefined otherwise */
  readonly row?: number;
  /** neuron k (column); of the output layer for the loss */
  readonly column?: number;
  readonly value: number;
}


/** The first NaN or ±Infinity produced by `stop` (undefined when all are finite). */
export function findNonFinite(trainer: Trainer, stop: Stop): Culprit | undefined {
  if (stop.phase === 'loss') {
    if (Number.isFinite(trainer.lossValue)) return undefined;
    return { layer: stop.layer, quantity: 'loss', phase: 'loss', ...lossTermAt(trainer, stop.layer), value: trainer.lossValue };
  }
  const layers = stop.phase === 'update' ? trainer.layers.map((l) => l.index).slice(1) : [stop.layer];
  for (const l of layers) {
    for (const quantity of COMPUTED_BY[stop.phase]) {
      const { data, cols, rows } = quantityView(trainer, l, quantity);
      for (let x = 0; x < rows * cols; x++) {
        if (!Number.isFinite(data[x])) return { layer: l, quantity, phase: stop.phase, row: Math.floor(x / cols), column: x % cols, value: data[x] };
      }
    }
  }
  return undefined;
}

/**
 * The sample s and output neuron k of the first non-finite term of E = Σ_s Σ_k E(y_sk, t_sk), each term
 * evaluated alone by the loss function itself; none when every term is finite and only their sum
 * overflowed.
 */
function lossTermAt(trainer: Trainer, L: number): { row?: number; column?: number } {
  const E = loss(trainer.spec.loss);
  const { y } = trainer.layers[L];
  const yk = matrix(1, 1);
  const tk = matrix(1, 1);
  for (let x = 0; x < trainer.batchSize * y.cols; x++) {
    yk.data[0] = y.data[x];
    tk.data[0] = trainer.targets.data[x];
    if (!Number.isFinite(E.value(yk, tk, 1))) return { row: Math.floor(x / y.cols), column: x % y.cols };
  }
  return {};
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
  /** ‖δ‖ below this (and non-zero loss) is vanishing (default 1e-7) */
  vanishing?: number;
  /** after the update: ‖Δw‖ above this times ‖w‖ is an exploding step (default 1: w moved by more than itself) */
  explodingStep?: number;
  /** after the update: ‖Δw‖ below this times ‖w‖ while ‖∂w‖ is not vanishing is a vanishing step (default 1e-10) */
  vanishingStep?: number;
}

/**
 * The step's rules, after the update: 'exploding' when the update moved w by more than `explodingStep`·‖w‖
 * (η too large for the optimizer, or a momentum that has run away); 'vanishing' when it moved w by less
 * than `vanishingStep`·‖w‖ although the gradient is not vanishing (η ≈ 0, or AdaGrad's h grown so large
 * that η/√h is nothing). Scale-free: a step means something only against the weights it changes.
 */
export function stepProblem(stepNorm: number, wNorm: number, dwNorm: number, thresholds: Thresholds = {}): 'exploding' | 'vanishing' | undefined {
  if (stepNorm > (thresholds.explodingStep ?? 1) * wNorm && stepNorm > 0) return 'exploding';
  if (stepNorm < (thresholds.vanishingStep ?? 1e-10) * wNorm && dwNorm >= (thresholds.vanishing ?? 1e-7)) return 'vanishing';
  return undefined;
}

/** Neurons whose y is saturated (sigmoid below 0.01 or above 0.99, tanh beyond ±0.99) for every sample. */
export function saturatedUnits(activation: string, y: Float64Array, samples: number, size: number): number[] {
  if (activation !== 'sigmoid' && activation !== 'tanh') return [];
  const saturated = (v: number): boolean => (activation === 'sigmoid' ? v < 0.01 || v > 0.99 : Math.abs(v) > 0.99);
  return unitsWhere(y, samples, size, saturated);
}

/** ReLU neurons with u ≤ 0 for every sample: their δ is 0, so their weights never change. */
export function deadUnits(activation: string, u: Float64Array, samples: number, size: number): number[] {
  return activation === 'relu' ? unitsWhere(u, samples, size, (v) => v <= 0) : [];
}

function unitsWhere(values: Float64Array, samples: number, size: number, test: (v: number) => boolean): number[] {
  const neurons: number[] = [];
  for (let k = 0; k < size; k++) {
    let all = samples > 0;
    for (let s = 0; s < samples && all; s++) all = test(values[s * size + k]);
    if (all) neurons.push(k);
  }
  return neurons;
}

/**
 * 'exploding' when ‖∂w‖ is above its threshold; 'vanishing' when the error signal ‖δ‖ reaching the
 * layer is below its threshold while the loss is not zero. (Not ‖∂w‖: ∂w = y δ is also 0 for a zero
 * input, which is no sign of a vanishing gradient.)
 */
export function gradientProblem(dwNorm: number, deltaNorm: number, loss: number, thresholds: Thresholds = {}): 'exploding' | 'vanishing' | undefined {
  if (dwNorm > (thresholds.exploding ?? 1e3)) return 'exploding';
  if (deltaNorm < (thresholds.vanishing ?? 1e-7) && loss > 1e-12) return 'vanishing';
  return undefined;
}

/** Warnings for layer l at the current position, from the quantities computed so far (does not mutate). */
export function layerWarnings(trainer: Trainer, l: number, thresholds: Thresholds = {}): LayerWarning[] {
  const out: LayerWarning[] = [];
  if (l === 0) return out;
  const layer = trainer.layers[l];
  const n = trainer.batchSize;
  const kind = layer.activation.name;
  if (trainer.isComputed(l, 'y')) {
    const saturated = saturatedUnits(kind, layer.y.data, n, layer.size);
    if (saturated.length) out.push({ kind: 'saturated', layer: l, neurons: saturated, message: messages().saturated(saturated.length) });
    const dead = deadUnits(kind, layer.u.data, n, layer.size);
    if (dead.length) out.push({ kind: 'dead', layer: l, neurons: dead, message: messages().dead(dead.length) });
  }
  if (trainer.isComputed(l, 'dw')) {
    const dwNorm = stats(layer.dw.data).norm;
    const deltaNorm = stats(layer.delta.data, n * layer.size).norm;
    const problem = gradientProblem(dwNorm, deltaNorm, trainer.lossValue, thresholds);
    if (problem === 'exploding') out.push({ kind: 'exploding', layer: l, neurons: [], message: messages().exploding(dwNorm.toPrecision(4)) });
    if (problem === 'vanishing') out.push({ kind: 'vanishing', layer: l, neurons: [], message: messages().vanishing(deltaNorm.toPrecision(4)) });
    // after the update, the step it took (a frozen w takes none: nothing to say)
    if (trainer.position === trainer.stops.length && layer.spec.trainWeights && !problem) {
      const stepNorm = stats(trainer.parameterStep(l, 'w')).norm;
      const wNorm = stats(layer.w.data).norm;
      const step = stepProblem(stepNorm, wNorm, dwNorm, thresholds);
      if (step === 'exploding') out.push({ kind: 'exploding', layer: l, neurons: [], message: messages().explodingStep(stepNorm.toPrecision(4), wNorm.toPrecision(4)) });
      if (step === 'vanishing') out.push({ kind: 'vanishing', layer: l, neurons: [], message: messages().vanishingStep(stepNorm.toPrecision(4), dwNorm.toPrecision(4)) });
    }
  }
  return out;
}

// The state at one stop, as the debug adapter sends it to the UI in the custom DAP event
// `backprop.state`: every layer's quantities as compact buffers, absent where not yet computed at
// this stop. Built from the engine's Trainer without copying more than one encode per matrix.
// Imports engine types only.

import { encodeMatrix, type EncodedMatrix } from './buffers';
import type { ActivationName } from '../engine/activations';
import type { PerSampleQuantity, Quantity } from '../engine/quantities';
import type { Phase, Trainer } from '../engine/trainer';

// The custom DAP messages (their names, arguments and results) are typed in dap.ts.
export { REQUESTS, STATE_EVENT } from './dap';

export interface LayerSnapshot {
  readonly index: number;
  readonly size: number;
  readonly activation: ActivationName;
  /** α of leaky-relu (slope for u ≤ 0) */
  readonly alpha: number;
  readonly trainWeights: boolean;
  readonly trainBiases: boolean;
  /** line of the layer's object in the network file (1-based) */
  readonly line: number;
  /** per sample × neuron; absent until computed at this stop */
  readonly u?: EncodedMatrix;
  readonly y?: EncodedMatrix;
  readonly dy?: EncodedMatrix;
  readonly delta?: EncodedMatrix;
  /** fan-in × fan-out (w: always; ∂w: once computed) */
  readonly w?: EncodedMatrix;
  readonly dw?: EncodedMatrix;
  /** 1 × fan-out */
  readonly b?: EncodedMatrix;
  readonly db?: EncodedMatrix;
}

/**
 * A layer being formed neuron by neuron (Step Into): neurons 0 … first − 1 have their first quantity
 * (u, or ∂y), neurons 0 … second − 1 their second (y, or δ with its ∂w column and ∂b); the others have
 * nothing yet. Their values are in the buffers but not shown.
 */
export interface Forming {
  readonly layer: number;
  readonly phase: 'forward' | 'backward';
  readonly first: number;
  readonly second: number;
}

/**
 * What `count` Step Intos into a layer of `size` neurons have formed. Element-wise activations go
 * neuron after neuron (u_0, y_0, u_1, y_1, …); softmax needs every u before any y (and every ∂y
 * before any δ), so it forms all the first quantities, then all the second. `last` is the neuron just
 * formed and whether it was its second quantity.
 */
export function formed(count: number, size: number, softmax: boolean): { first: number; second: number; last: { neuron: number; second: boolean } } {
  if (softmax) {
    const first = Math.min(count, size);
    const second = Math.max(0, count - size);
    return { first, second, last: second > 0 ? { neuron: second - 1, second: true } : { neuron: first - 1, second: false } };
  }
  return { first: Math.ceil(count / 2), second: Math.floor(count / 2), last: { neuron: Math.floor((count - 1) / 2), second: count % 2 === 0 } };
}

/** How many columns (neurons) of quantity q of layer l are formed: all of them unless stepping into that layer. */
export function formedColumns(forming: Forming | null | undefined, l: number, q: Quantity): number {
  if (!forming || forming.layer !== l) return Infinity;
  const first = forming.phase === 'forward' ? q === 'u' : q === 'dy';
  const second = forming.phase === 'forward' ? q === 'y' : q === 'delta' || q === 'dw' || q === 'db';
  return first ? forming.first : second ? forming.second : Infinity;
}

/** The state slots an optimizer keeps per parameter tensor: momentum's v, AdaGrad's and RMSProp's h, Adam's m and v. */
export type OptimizerSlot = 'v' | 'h' | 'm';

/** The optimizer's state of one parameter tensor (w: fan-in × fan-out, b: 1 × fan-out) once its update is done. */
export interface TensorOptimizerSnapshot {
  readonly before: Readonly<Partial<Record<OptimizerSlot, EncodedMatrix>>>;
  readonly after: Readonly<Partial<Record<OptimizerSlot, EncodedMatrix>>>;
  /** Δ = after − before of w (or b): the change the update applied */
  readonly step: EncodedMatrix;
}

/**
 * The network's optimizer and, at the update stop only (the state changes nowhere else, so other stops
 * carry no matrices), per layer the state of w and b before and after the update with the step.
 */
export interface OptimizerSnapshot {
  readonly name: 'sgd' | 'momentum' | 'adagrad' | 'rmsprop' | 'adam';
  /** its hyper-parameters by the network file's names: momentum, rho, beta1, beta2, epsilon */
  readonly params: Readonly<Record<string, number>>;
  /** λ (0: none) */
  readonly weightDecay: number;
  /** t: the updates applied so far */
  readonly t: number;
  /** Step Into at the update stop: the last layer shown updated (the layers after it show w, b before the update) */
  readonly updating?: number;
  /** per layer once the update is done (index 0 and layers Step Into has not reached: null); a frozen tensor's entry is null */
  readonly layers?: readonly ({ readonly w: TensorOptimizerSnapshot | null; readonly b: TensorOptimizerSnapshot | null } | null)[];
}

/** Dropout: each layer's rate p (0: none) and its mask [sample][neuron] (0 or 1) once drawn this iteration. */
export interface DropoutSnapshot {
  readonly p: readonly number[];
  readonly masks: readonly (EncodedMatrix | null)[];
}

/** How a non-finite number crosses JSON, which would turn it into null. */
export type NonFinite = 'NaN' | 'Infinity' | '-Infinity';

/** The name of a non-finite number. */
export function nonFiniteName(v: number): NonFinite {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** The number a NonFinite names; undefined for anything else. */
export function fromNonFinite(x: unknown): number | undefined {
  return x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : undefined;
}

export interface StateSnapshot {
  readonly network: {
    readonly name: string;
    readonly file: string;
    /** the loss function's name (the network file's "loss", as spec.loss) */
    readonly loss: 'sum-of-squares' | 'cross-entropy';
    readonly reduction: 'sum' | 'mean';
    readonly batchSize: number;
    readonly samples: number;
  };
  readonly iteration: number;
  readonly epoch: number;
  readonly totalIterations: number;
  readonly batchesPerEpoch: number;
  /** stops done in this iteration (0 … stops.length) */
  readonly position: number;
  readonly stops: readonly { readonly phase: Phase; readonly layer: number }[];
  /** the stop done last; null at the start of an iteration */
  readonly stop: { readonly phase: Phase; readonly layer: number } | null;
  /** η (through JSON, a non-finite η arrives as null: see etaNonFinite) */
  readonly eta: number;
  /** a non-finite η by name (Set Value can make one) */
  readonly etaNonFinite?: NonFinite;
  /** E of this batch (trainer.lossValue), null until the loss stop (and when not finite: JSON has no NaN or Infinity) */
  readonly lossValue: number | null;
  /** a non-finite E by name, which `lossValue` cannot carry through JSON */
  readonly lossValueNonFinite?: NonFinite;
  /** the batch's sample indices */
  readonly samples: readonly number[];
  /** t per sample × output neuron */
  readonly targets: EncodedMatrix;
  readonly layers: readonly LayerSnapshot[];
  /** iterations with a recorded loss (1 … recordedLosses) */
  readonly recordedLosses: number;
  readonly finished: boolean;
  /** the layer being formed neuron by neuron, when stepping into it */
  readonly forming?: Forming;
  /** sent while training runs (Continue): a glimpse, not a stop */
  readonly running?: boolean;
  /** the optimizer and its state (absent: plain gradient descent as the notes write it, nothing to show) */
  readonly optimizer?: OptimizerSnapshot;
  /** dropout's rates and masks (absent when no layer has dropout) */
  readonly dropout?: DropoutSnapshot;
  /** the student's trace beside the engine's numbers (absent when no trace is compared) */
  readonly compare?: CompareSnapshot;
}

/** A student's trace compared with this run (src/debug/compareSession.ts): the summary and, at this stop, their numbers. */
export interface CompareSnapshot {
  /** the trace file's path */
  readonly file: string;
  /** numbers of the trace that agreed before the first difference (all, when none differs) */
  readonly agreed: number;
  /** the summary in a sentence: "12 numbers of your trace agreed before iteration 1 · backward · layer 1 · δ[0][0]" */
  readonly sentence: string;
  /** whether this stop is where the trace first differs */
  readonly here: boolean;
  /** the first difference (this stop's, or the whole run's) with the notes' equation and the engine's numbers */
  readonly first?: {
    readonly iteration: number;
    readonly phase: Phase;
    readonly layer: number;
    readonly quantity: string;
    readonly index: readonly number[];
    readonly expected: number | NonFinite;
    readonly got: number | NonFinite;
    readonly equation: string;
    /** "iteration 1 · backward · layer 1 · δ[0][0]" */
    readonly where: string;
  };
  /** the trace's numbers of the quantities computed at this stop (row-major), and which of them differ */
  readonly yours: readonly { readonly layer: number; readonly quantity: Quantity; readonly values: readonly (number | NonFinite)[]; readonly differs: readonly number[] }[];
}

/** Encodes the trainer's state at its current stop (does not mutate the trainer). */
export function snapshot(trainer: Trainer, forming?: Forming): StateSnapshot {
  const n = trainer.batchSize;
  const spec = trainer.spec;
  const stop = trainer.currentStop;
  return {
    network: {
      name: spec.name,
      file: spec.file,
      loss: spec.loss,
      reduction: spec.batch.reduction,
      batchSize: spec.batch.size,
      samples: spec.data.inputs.rows,
    },
    iteration: trainer.iteration,
    epoch: trainer.epoch,
    totalIterations: trainer.totalIterations,
    batchesPerEpoch: trainer.batchesPerEpoch,
    position: trainer.position,
    stops: trainer.stops,
    stop: stop ?? null,
    eta: trainer.eta,
    etaNonFinite: Number.isFinite(trainer.eta) ? undefined : nonFiniteName(trainer.eta),
    lossValue: trainer.lossComputed && Number.isFinite(trainer.lossValue) ? trainer.lossValue : null,
    lossValueNonFinite: trainer.lossComputed && !Number.isFinite(trainer.lossValue) ? nonFiniteName(trainer.lossValue) : undefined,
    samples: Array.from(trainer.samples.subarray(0, n)),
    targets: encodeMatrix(trainer.targets.data, n, trainer.targets.cols),
    layers: trainer.layers.map((layer) => {
      const l = layer.index;
      const perSample = (q: PerSampleQuantity): EncodedMatrix | undefined =>
        trainer.isComputed(l, q) ? encodeMatrix(layer[q].data, n, layer.size) : undefined;
      return {
        index: l,
        size: layer.size,
        activation: layer.activation.name,
        alpha: layer.spec.alpha,
        trainWeights: layer.spec.trainWeights,
        trainBiases: layer.spec.trainBiases,
        line: layer.spec.range.line,
        u: perSample('u'),
        y: perSample('y'),
        dy: perSample('dy'),
        delta: perSample('delta'),
        w: l > 0 ? encodeMatrix(layer.w.data, layer.w.rows, layer.w.cols) : undefined,
        dw: trainer.isComputed(l, 'dw') ? encodeMatrix(layer.dw.data, layer.dw.rows, layer.dw.cols) : undefined,
        b: l > 0 ? encodeMatrix(layer.b, 1, layer.b.length) : undefined,
        db: trainer.isComputed(l, 'db') ? encodeMatrix(layer.db, 1, layer.db.length) : undefined,
      };
    }),
    recordedLosses: trainer.history?.recordedLosses ?? 0,
    finished: trainer.finished,
    forming,
  };
}

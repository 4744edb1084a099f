// The network as a validated description: what a `*.backprop.json` file says once it has been read,
// checked and given its defaults (shared/NOTATION.md's choices: SGD, sum over the batch, file order).
// Every part keeps where it was written, so errors, breakpoints and the call stack can point at it.
// Imports nothing outside the engine.

import type { ActivationName } from './activations';
import type { LossName } from './losses';
import type { Matrix } from './matrix';

/** A place in a file: 1-based line and column, and the 0-based character offset and length. */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
}

/** A problem in a network file (or the CSV it names), at the place where it was made. */
export interface SpecError extends SourceRange {
  readonly file: string;
  readonly message: string;
}

export type Reduction = 'sum' | 'mean';

/**
 * The update rule (the textbook's next chapter after w ← w − η∂w). ∂w here is the loss's gradient plus λw
 * when weightDecay λ > 0; the same rule updates b with its own state (and ∂b, no decay).
 *   sgd:      w ← w − η∂w
 *   momentum: v ← αv − η∂w;  w ← w + v
 *   adagrad:  h ← h + ∂w⊙∂w;  w ← w − η ∂w / (√h + ε)
 *   rmsprop:  h ← ρh + (1−ρ) ∂w⊙∂w;  w ← w − η ∂w / (√h + ε)
 *   adam:     m ← β₁m + (1−β₁)∂w;  v ← β₂v + (1−β₂)∂w⊙∂w;  w ← w − η m̂ / (√v̂ + ε), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
 */
export type OptimizerSpec =
  | { readonly name: 'sgd' }
  | { readonly name: 'momentum'; readonly momentum: number }
  | { readonly name: 'adagrad'; readonly epsilon: number }
  | { readonly name: 'rmsprop'; readonly rho: number; readonly epsilon: number }
  | { readonly name: 'adam'; readonly beta1: number; readonly beta2: number; readonly epsilon: number };
export type OptimizerName = OptimizerSpec['name'];
export type InitDistribution = 'uniform' | 'normal' | 'xavier' | 'he';

export interface LayerSpec {
  readonly size: number;
  /** f of y = f(u); 'identity' for the input layer */
  readonly activation: ActivationName;
  /** slope for u ≤ 0 of leaky-relu */
  readonly alpha: number;
  /** w[j][k]: one row per neuron of the layer before, one column per neuron of this layer */
  readonly weights?: readonly (readonly number[])[];
  readonly biases?: readonly number[];
  readonly trainWeights: boolean;
  readonly trainBiases: boolean;
  /** p of inverted dropout on y while training, in [0, 1); 0: none (never on the input or output layer) */
  readonly dropout: number;
  /** the layer's object in the network file */
  readonly range: SourceRange;
}

export interface Dataset {
  /** one row per sample, one column per input neuron */
  readonly inputs: Matrix;
  /** one row per sample, one column per output neuron */
  readonly targets: Matrix;
  /** how the data was given, for display: "inline", "iris.csv", "built-in xor", … */
  readonly source: string;
}

export interface NetworkSpec {
  readonly name: string;
  /** the network file's path as given to the parser */
  readonly file: string;
  /** layers[0] is the input layer */
  readonly layers: readonly LayerSpec[];
  readonly loss: LossName;
  /** η */
  readonly learningRate: number;
  /** the update rule (default sgd) */
  readonly optimizer: OptimizerSpec;
  /** λ of L2 weight decay: the update uses ∂w + λw for the weights (not the biases); default 0 */
  readonly weightDecay: number;
  readonly batch: { readonly size: number; readonly reduction: Reduction; readonly shuffle: boolean };
  readonly init: { readonly seed: number; readonly distribution: InitDistribution; readonly scale: number };
  readonly epochs: number;
  readonly data: Dataset;
  /** where the top-level fields stand (the loss and update stops point at them) */
  readonly ranges: { readonly root: SourceRange; readonly loss?: SourceRange; readonly learningRate?: SourceRange; readonly optimizer?: SourceRange; readonly weightDecay?: SourceRange };
}

/**
 * What one network file may ask for: enough for any network a student or an engineer debugs step by
 * step, and small enough that the editor's checks and a session never run out of memory.
 */
export const LIMITS = {
  /** neurons in one layer */
  layerSize: 100_000,
  /** samples of a built-in data set */
  samples: 1_000_000,
  /** every w and b together */
  parameters: 50_000_000,
  /** the values of one batch's buffers (batch size × neurons of all layers) */
  values: 100_000_000,
  /**
   * the values of the data, inputs and targets together: 256 MB as Float64, which the engine holds
   * beside a session's history (a 100 MB numeric CSV is about 25 M values)
   */
  dataValues: 32_000_000,
} as const;

export function formatError(e: SpecError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}

// The update rules after plain gradient descent (SGD with momentum, AdaGrad, RMSProp, Adam), each as one
// loop over a parameter tensor that reads the optimizer's state from one set of buffers and writes the new
// state to another: the trainer keeps both, so the state before and after an update are both on hand
// without a copy. Each loop does PyTorch's arithmetic (torch.optim 1.13, float64) in PyTorch's order where
// the textbook's form is the same number (see optimizer-api notes in the functions). Imports nothing
// outside the engine.

import type { OptimizerName, OptimizerSpec } from './spec';
import type { Kernels } from './wasm/kernels';

/** A state slot: v (momentum's velocity, Adam's second moment), h (the squared-gradient sum or average), m (Adam's first moment). */
export type OptimizerSlot = 'v' | 'h' | 'm';

/** The state slots each optimizer keeps per parameter tensor (w and b of a layer, each its own). */
export const OPTIMIZER_SLOTS: Readonly<Record<OptimizerName, readonly OptimizerSlot[]>> = {
  sgd: [],
  momentum: ['v'],
  adagrad: ['h'],
  rmsprop: ['h'],
  adam: ['m', 'v'],
};

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];

/** The fields each optimizer takes in the network file (beside "name"), with their defaults. */
export const OPTIMIZER_FIELDS: Readonly<Record<OptimizerName, Readonly<Record<string, number>>>> = {
  sgd: {},
  momentum: { momentum: 0.9 },
  adagrad: { epsilon: 1e-7 },
  rmsprop: { rho: 0.9, epsilon: 1e-7 },
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

export function isOptimizerName(x: unknown): x is OptimizerName {
  return typeof x === 'string' && (OPTIMIZER_NAMES as readonly string[]).includes(x);
}

/**
 * One update of a parameter tensor p (w or b of a layer) with its gradient g: the state is read from
 * `from` and the new state written to `to` (arrays in OPTIMIZER_SLOTS order; they may be the same arrays),
 * and p updated in place. `t` is the number of this update (1 for the first), `decay` λ (0 for biases): the
 * rule sees g + λp. The increment applied to p is written to `step` only where it cannot be recomputed
 * afterwards (see stepOf). With `kernels` (every array then in their memory) the rules that take a root
 * and a division run as WebAssembly SIMD, with the same arithmetic bit for bit.
 * Mutates p, to and step. Each rule is a function of its own, so that each loop stays monomorphic.
 */
export function updateTensor(
  optimizer: OptimizerSpec,
  eta: number,
  t: number,
  decay: number,
  p: Float64Array,
  g: Float64Array,
  from: readonly Float64Array[],
  to: readonly Float64Array[],
  step: Float64Array,
  kernels?: Kernels,
): void {
  switch (optimizer.name) {
    case 'sgd':
      return sgd(eta, decay, p, g, step);
    case 'momentum':
      return momentum(optimizer.momentum, eta, decay, p, g, from[0], to[0]);
    case 'adagrad':
    case 'rmsprop': {
      const [keep, add] = optimizer.name === 'adagrad' ? [1, 1] : [optimizer.rho, 1 - optimizer.rho];
      if (kernels) kernels.squares(p.byteOffset, g.byteOffset, from[0].byteOffset, to[0].byteOffset, step.byteOffset, p.length, keep, add, optimizer.epsilon, -eta, decay);
      else squares(keep, add, optimizer.epsilon, eta, decay, p, g, from[0], to[0], step);
      return;
    }
    case 'adam': {
      const c = adamConstants(optimizer, eta, t);
      if (kernels) kernels.adam(p.byteOffset, g.byteOffset, from[0].byteOffset, from[1].byteOffset, to[0].byteOffset, to[1].byteOffset, p.length, optimizer.beta1, optimizer.beta2, 1 - optimizer.beta1, 1 - optimizer.beta2, c.k, c.eps, decay);
      else adam(optimizer.beta1, optimizer.beta2, c.k, c.eps, decay, p, g, from, to);
      return;
    }
  }
}

/**
 * The increment the update applied to p (p_after = p_before + step, entry by entry), after it: for the
 * rules whose update did not write it (sgd without decay, Adam) recomputed into `step` from what the update
 * left — the gradient g and the new state `to`, with the update's η and t — by the same operations, so the
 * same doubles; momentum's is its new v. Returns the array that holds it (mutates step).
 */
export function stepOf(optimizer: OptimizerSpec, eta: number, t: number, decay: number, g: Float64Array, to: readonly Float64Array[], step: Float64Array): Float64Array {
  switch (optimizer.name) {
    case 'sgd':
      if (decay === 0) for (let x = 0, n = step.length; x < n; x++) step[x] = -(eta * g[x]);
      return step;
    case 'momentum':
      return to[0];
    case 'adagrad':
    case 'rmsprop':
      return step;
    case 'adam': {
      const { k, eps } = adamConstants(optimizer, eta, t);
      const [m, v] = to;
      for (let x = 0, n = step.length; x < n; x++) step[x] = (k * m[x]) / (Math.sqrt(v[x]) + eps);
      return step;
    }
  }
}

/** w ← w − η(∂w + λw), written as w + (−η(∂w + λw)): without decay the same loop as before there were optimizers. */
function sgd(eta: number, decay: number, p: Float64Array, g: Float64Array, step: Float64Array): void {
  const n = p.length;
  if (decay === 0) {
    // the step −(η∂w) is recomputed when asked for (stepOf): nothing more to write here
    for (let x = 0; x < n; x++) p[x] -= eta * g[x];
  } else {
    for (let x = 0; x < n; x++) {
      const d = -(eta * (g[x] + decay * p[x]));
      step[x] = d;
      p[x] += d;
    }
  }
}

/**
 * The textbook's v ← αv − η∂w; w ← w + v (the step is v). PyTorch keeps u = −v/η instead (u ← αu + ∂w;
 * w ← w − ηu): the same numbers for a constant η (up to rounding).
 */
function momentum(a: number, eta: number, decay: number, p: Float64Array, g: Float64Array, v0: Float64Array, v1: Float64Array): void {
  for (let x = 0, n = p.length; x < n; x++) {
    const gx = g[x] + decay * p[x];
    const v = a * v0[x] - eta * gx;
    v1[x] = v;
    p[x] += v;
  }
}

/**
 * AdaGrad (keep 1, add 1) and RMSProp (keep ρ, add 1 − ρ): h ← keep·h + add·∂w⊙∂w; w ← w − η ∂w/(√h + ε),
 * ε outside the root as in PyTorch (Adagrad: initial_accumulator_value 0, lr_decay 0; RMSprop: its alpha
 * is ρ, not centred, no momentum). kernels.wat's `squares` is the same arithmetic.
 */
function squares(keep: number, add: number, eps: number, eta: number, decay: number, p: Float64Array, g: Float64Array, h0: Float64Array, h1: Float64Array, step: Float64Array): void {
  const negEta = -eta;
  for (let x = 0, n = p.length; x < n; x++) {
    const gx = g[x] + decay * p[x];
    const h = keep * h0[x] + add * (gx * gx);
    h1[x] = h;
    const d = negEta * (gx / (Math.sqrt(h) + eps));
    step[x] = d;
    p[x] += d;
  }
}

/**
 * Adam's constants at update t: with c = √(1−β₂ᵗ), η m̂/(√v̂ + ε) = (η c/(1−β₁ᵗ)) m / (√v + εc), so the step
 * is k·m/(√v + ε') with k = −η c/(1−β₁ᵗ), ε' = εc: one division per entry. (PyTorch divides twice,
 * (η/(1−β₁ᵗ)) m / (√v/c + ε): the same number up to rounding; ε is outside the root in both.)
 */
function adamConstants(o: { beta1: number; beta2: number; epsilon: number }, eta: number, t: number): { k: number; eps: number } {
  const c = Math.sqrt(1 - Math.pow(o.beta2, t));
  return { k: -(eta * c) / (1 - Math.pow(o.beta1, t)), eps: o.epsilon * c };
}

/** m ← β₁m + (1−β₁)∂w; v ← β₂v + (1−β₂)∂w⊙∂w; w ← w + k·m/(√v + ε') (adamConstants; kernels.wat's `adam` is the same arithmetic). */
function adam(beta1: number, beta2: number, k: number, eps: number, decay: number, p: Float64Array, g: Float64Array, from: readonly Float64Array[], to: readonly Float64Array[]): void {
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const [m0, v0] = from;
  const [m1, v1] = to;
  for (let x = 0, n = p.length; x < n; x++) {
    const gx = g[x] + decay * p[x];
    const m = beta1 * m0[x] + c1 * gx;
    const v = beta2 * v0[x] + c2 * (gx * gx);
    m1[x] = m;
    v1[x] = v;
    p[x] += (k * m) / (Math.sqrt(v) + eps);
  }
}

/** Adam's bias-corrected moments for display: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) (new arrays; t ≥ 1). */
export function biasCorrected(m: Float64Array, v: Float64Array, beta1: number, beta2: number, t: number): { mHat: Float64Array; vHat: Float64Array } {
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  return { mHat: m.map((x) => x / c1), vHat: v.map((x) => x / c2) };
}

/**
 * The effective learning rate per parameter of an adaptive method, from the squares it keeps: η/(√h + ε)
 * for AdaGrad and RMSProp, η/(√v̂ + ε) for Adam with its bias-corrected v̂ (Adam's step is −that · m̂). A new array.
 */
export function effectiveLearningRate(eta: number, epsilon: number, squares: Float64Array): Float64Array {
  return squares.map((s) => eta / (Math.sqrt(s) + epsilon));
}

/** The state and step buffers of one trainable parameter tensor (frozen tensors have none). */
export class TensorState {
  /** the state now, in OPTIMIZER_SLOTS order (after the update once it is done) */
  slots: Float64Array[];
  /** the other buffers: after an update, the state before it */
  spare: Float64Array[];
  /** where the increment of the last update is written or recomputed (stepOf) */
  readonly step: Float64Array;

  /** `alloc` gives zeroed arrays of n doubles (an arena's, so that the kernels can reach them) */
  constructor(slotCount: number, length: number, alloc: (n: number) => Float64Array = (n) => new Float64Array(n)) {
    this.slots = Array.from({ length: slotCount }, () => alloc(length));
    this.spare = Array.from({ length: slotCount }, () => alloc(length));
    this.step = alloc(length);
  }

  /** After an update wrote the new state into `spare`: makes it the current one (no copy). */
  swap(): void {
    const s = this.slots;
    this.slots = this.spare;
    this.spare = s;
  }
}

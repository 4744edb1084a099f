// The update rules after plain gradient descent (SGD with momentum, AdaGrad, RMSProp, Adam), each as one
// loop over a parameter tensor that reads the optimizer's state from one set of buffers and writes the new
// state to another: the trainer keeps both, so the state before and after an update are both on hand
// without a copy. Each loop does PyTorch's arithmetic (torch.optim 1.13, float64) in PyTorch's order where
// the textbook's form is the same number (see optimizer-api notes in the functions). Imports nothing
// outside the engine.

import type { OptimizerName, OptimizerSpec } from './spec';

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
 * the increment applied to p written to `step` (p ← p + step), and p updated in place.
 * `t` is the number of this update (1 for the first), `decay` λ (0 for biases): the rule sees g + λp.
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
): void {
  switch (optimizer.name) {
    case 'sgd':
      return sgd(eta, decay, p, g, step);
    case 'momentum':
      return momentum(optimizer.momentum, eta, decay, p, g, from[0], to[0], step);
    case 'adagrad':
      return squares(1, 1, optimizer.epsilon, eta, decay, p, g, from[0], to[0], step);
    case 'rmsprop':
      return squares(optimizer.rho, 1 - optimizer.rho, optimizer.epsilon, eta, decay, p, g, from[0], to[0], step);
    case 'adam':
      return adam(optimizer, eta, t, decay, p, g, from, to, step);
  }
}

/** w ← w − η(∂w + λw), written as w + (−η∂w): the same double as before there were optimizers. */
function sgd(eta: number, decay: number, p: Float64Array, g: Float64Array, step: Float64Array): void {
  const n = p.length;
  if (decay === 0) {
    for (let x = 0; x < n; x++) {
      const d = -(eta * g[x]);
      step[x] = d;
      p[x] += d;
    }
  } else {
    for (let x = 0; x < n; x++) {
      const d = -(eta * (g[x] + decay * p[x]));
      step[x] = d;
      p[x] += d;
    }
  }
}

/**
 * The textbook's v ← αv − η∂w; w ← w + v. PyTorch keeps u = −v/η instead (u ← αu + ∂w; w ← w − ηu): the
 * same numbers for a constant η (up to rounding).
 */
function momentum(a: number, eta: number, decay: number, p: Float64Array, g: Float64Array, v0: Float64Array, v1: Float64Array, step: Float64Array): void {
  for (let x = 0, n = p.length; x < n; x++) {
    const gx = g[x] + decay * p[x];
    const v = a * v0[x] - eta * gx;
    v1[x] = v;
    step[x] = v;
    p[x] += v;
  }
}

/**
 * AdaGrad (keep 1, add 1) and RMSProp (keep ρ, add 1 − ρ): h ← keep·h + add·∂w⊙∂w; w ← w − η ∂w/(√h + ε),
 * ε outside the root as in PyTorch (Adagrad: initial_accumulator_value 0, lr_decay 0; RMSprop: its alpha
 * is ρ, not centred, no momentum).
 */
function squares(keep: number, add: number, eps: number, eta: number, decay: number, p: Float64Array, g: Float64Array, h0: Float64Array, h1: Float64Array, step: Float64Array): void {
  for (let x = 0, n = p.length; x < n; x++) {
    const gx = g[x] + decay * p[x];
    const h = keep * h0[x] + add * (gx * gx);
    h1[x] = h;
    const d = -eta * (gx / (Math.sqrt(h) + eps));
    step[x] = d;
    p[x] += d;
  }
}

/**
 * m ← β₁m + (1−β₁)∂w; v ← β₂v + (1−β₂)∂w⊙∂w; w ← w − η m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * With c = √(1−β₂ᵗ): η m̂/(√v̂ + ε) = (η c/(1−β₁ᵗ)) m / (√v + εc), one division per entry (PyTorch divides
 * twice, (η/(1−β₁ᵗ)) m / (√v/c + ε): the same number up to rounding). ε is outside the root in both.
 */
function adam(o: { beta1: number; beta2: number; epsilon: number }, eta: number, t: number, decay: number, p: Float64Array, g: Float64Array, from: readonly Float64Array[], to: readonly Float64Array[], step: Float64Array): void {
  const { beta1, beta2 } = o;
  const c = Math.sqrt(1 - Math.pow(beta2, t));
  const k = -(eta * c) / (1 - Math.pow(beta1, t));
  const eps = o.epsilon * c;
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
    const d = (k * m) / (Math.sqrt(v) + eps);
    step[x] = d;
    p[x] += d;
  }
}

/** Adam's bias-corrected moments for display: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) (new arrays; t ≥ 1). */
export function biasCorrected(m: Float64Array, v: Float64Array, beta1: number, beta2: number, t: number): { mHat: Float64Array; vHat: Float64Array } {
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  return { mHat: m.map((x) => x / c1), vHat: v.map((x) => x / c2) };
}

/**
 * The effective learning rate per parameter of an adaptive method at update t, from the state after it:
 * η/(√h + ε) for AdaGrad and RMSProp, η/((1−β₁ᵗ)(√v̂ + ε)) for Adam (its step is −that·m); η for SGD and
 * momentum (a new array).
 */
export function effectiveLearningRate(optimizer: OptimizerSpec, eta: number, t: number, state: Readonly<Partial<Record<OptimizerSlot, Float64Array>>>, length: number): Float64Array {
  switch (optimizer.name) {
    case 'adagrad':
    case 'rmsprop':
      return state.h!.map((h) => eta / (Math.sqrt(h) + optimizer.epsilon));
    case 'adam': {
      const stepSize = eta / (1 - Math.pow(optimizer.beta1, t));
      const root2 = Math.sqrt(1 - Math.pow(optimizer.beta2, t));
      return state.v!.map((v) => stepSize / (Math.sqrt(v) / root2 + optimizer.epsilon));
    }
    default:
      return new Float64Array(length).fill(eta);
  }
}

/** The state and step buffers of one trainable parameter tensor (frozen tensors have none). */
export class TensorState {
  /** the state now, in OPTIMIZER_SLOTS order (after the update once it is done) */
  slots: Float64Array[];
  /** the other buffers: after an update, the state before it */
  spare: Float64Array[];
  /** the increment the last update applied (p ← p + step) */
  readonly step: Float64Array;

  constructor(slotCount: number, length: number) {
    this.slots = Array.from({ length: slotCount }, () => new Float64Array(length));
    this.spare = Array.from({ length: slotCount }, () => new Float64Array(length));
    this.step = new Float64Array(length);
  }

  /** After an update wrote the new state into `spare`: makes it the current one (no copy). */
  swap(): void {
    const s = this.slots;
    this.slots = this.spare;
    this.spare = s;
  }
}

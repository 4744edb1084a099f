// The loss functions of shared/NOTATION.md, each with its derivative ∂y_k = ∂E/∂y_k beside it.
// E is per sample; the batch reduction (sum or mean) is applied by the trainer.
// Imports nothing outside the engine.

import type { ActivationName } from './activations';
import type { Matrix } from './matrix';

export type LossName = 'sum-of-squares' | 'cross-entropy';

export const LOSSES: readonly LossName[] = ['sum-of-squares', 'cross-entropy'];

export interface Loss {
  readonly name: LossName;
  /**
   * Σ over the first n samples of E = loss(y, t). Given u of the output layer, cross-entropy after
   * softmax or sigmoid is computed from u (log-sum-exp), finite where y has underflowed to 0.
   */
  value(y: Matrix, t: Matrix, n: number, u?: Matrix): number;
  /** ∂y_k = ∂E/∂y_k per sample (mutates dy) */
  gradient(y: Matrix, t: Matrix, dy: Matrix, n: number): void;
}

const sumOfSquares: Loss = {
  name: 'sum-of-squares',
  // E = ½ Σ_k (y_k − t_k)²
  value(y, t, n) {
    const Y = y.data;
    const T = t.data;
    const end = n * y.cols;
    let e = 0;
    for (let x = 0; x < end; x++) {
      const d = Y[x] - T[x];
      e += d * d;
    }
    return 0.5 * e;
  },
  // ∂E/∂y_k = y_k − t_k
  gradient(y, t, dy, n) {
    const Y = y.data;
    const T = t.data;
    const G = dy.data;
    const end = n * y.cols;
    for (let x = 0; x < end; x++) G[x] = Y[x] - T[x];
  },
};

const crossEntropy: Loss = {
  name: 'cross-entropy',
  // E = −Σ_k t_k log y_k (a term with t_k = 0 adds nothing, even where y_k = 0)
  value(y, t, n) {
    const Y = y.data;
    const T = t.data;
    const end = n * y.cols;
    let e = 0;
    for (let x = 0; x < end; x++) if (T[x] !== 0) e -= T[x] * Math.log(Y[x]);
    return e;
  },
  // ∂E/∂y_k = −t_k / y_k
  gradient(y, t, dy, n) {
    const Y = y.data;
    const T = t.data;
    const G = dy.data;
    const end = n * y.cols;
    for (let x = 0; x < end; x++) G[x] = T[x] === 0 ? 0 : -T[x] / Y[x];
  },
};

/**
 * E = −Σ_k t_k log y_k with log y_k = u_k − log Σ_r e^u_r (the log-sum-exp, shifted by max u so that
 * nothing overflows): u = [800, 0, 0] with target class 1 gives E = 800, where −log y_1 is +Infinity.
 */
export function softmaxCrossEntropyValue(u: Matrix, t: Matrix, n: number): number {
  const U = u.data;
  const T = t.data;
  const m = u.cols;
  let e = 0;
  for (let s = 0; s < n; s++) {
    const row = s * m;
    let max = -Infinity;
    for (let k = 0; k < m; k++) if (U[row + k] > max) max = U[row + k];
    let sum = 0;
    for (let k = 0; k < m; k++) sum += Math.exp(U[row + k] - max);
    const logSum = max + Math.log(sum);
    for (let k = 0; k < m; k++) if (T[row + k] !== 0) e += T[row + k] * (logSum - U[row + k]);
  }
  return e;
}

/** E = −Σ_k t_k log σ(u_k), with −log σ(u) = log(1 + e^−u) computed without overflow or underflow. */
export function sigmoidCrossEntropyValue(u: Matrix, t: Matrix, n: number): number {
  const U = u.data;
  const T = t.data;
  const end = n * u.cols;
  let e = 0;
  for (let x = 0; x < end; x++) {
    if (T[x] === 0) continue;
    const v = U[x];
    e += T[x] * (Math.max(-v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
  }
  return e;
}

const crossEntropyAfter = (output: 'softmax' | 'sigmoid'): Loss => ({
  name: 'cross-entropy',
  value(y, t, n, u) {
    if (!u) return crossEntropy.value(y, t, n);
    return output === 'softmax' ? softmaxCrossEntropyValue(u, t, n) : sigmoidCrossEntropyValue(u, t, n);
  },
  gradient: crossEntropy.gradient,
});

const BY_NAME: Record<LossName, Loss> = { 'sum-of-squares': sumOfSquares, 'cross-entropy': crossEntropy };
const AFTER_SOFTMAX = crossEntropyAfter('softmax');
const AFTER_SIGMOID = crossEntropyAfter('sigmoid');

/** The loss; after a softmax or sigmoid output layer, cross-entropy's value takes u (pass it to value()). */
export function loss(name: LossName, output?: ActivationName): Loss {
  if (name === 'cross-entropy' && output === 'softmax') return AFTER_SOFTMAX;
  if (name === 'cross-entropy' && output === 'sigmoid') return AFTER_SIGMOID;
  return BY_NAME[name];
}

export function isLossName(name: unknown): name is LossName {
  return typeof name === 'string' && (LOSSES as readonly string[]).includes(name);
}

/**
 * δ_k = y_k − t_k for softmax with cross-entropy (mutates delta). The textbook's shortcut: it equals
 * the chain rule through the softmax Jacobian when each target row sums to 1, and stays finite where
 * −t_k / y_k would not.
 */
export function softmaxCrossEntropyDelta(y: Matrix, t: Matrix, delta: Matrix, n: number): void {
  const Y = y.data;
  const T = t.data;
  const D = delta.data;
  const end = n * y.cols;
  for (let x = 0; x < end; x++) D[x] = Y[x] - T[x];
}

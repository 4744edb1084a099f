// The loss functions of shared/NOTATION.md, each with its derivative ∂y_k = ∂E/∂y_k beside it.
// E is per sample; the batch reduction (sum or mean) is applied by the trainer.
// Imports nothing outside the engine.

import type { Matrix } from './matrix';

export type LossName = 'sum-of-squares' | 'cross-entropy';

export const LOSSES: readonly LossName[] = ['sum-of-squares', 'cross-entropy'];

export interface Loss {
  readonly name: LossName;
  /** Σ over the first n samples of E = loss(y, t) */
  value(y: Matrix, t: Matrix, n: number): number;
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

const BY_NAME: Record<LossName, Loss> = { 'sum-of-squares': sumOfSquares, 'cross-entropy': crossEntropy };

export function loss(name: LossName): Loss {
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

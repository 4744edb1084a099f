// The activation functions of shared/NOTATION.md, each with its derivative right beside it.
// `forward` computes y = f(u); `backward` turns ∂y = ∂E/∂y into δ = ∂E/∂u = ∂y · ∂y/∂u.
// Both work on the first `n` rows of a batch (one row per sample). Imports nothing outside the engine.

import type { Matrix } from './matrix';

export type ActivationName = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'softmax';

export const ACTIVATIONS: readonly ActivationName[] = ['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax'];

export interface Activation {
  readonly name: ActivationName;
  /** y = f(u) (mutates y) */
  forward(u: Matrix, y: Matrix, n: number, alpha: number): void;
  /** δ = ∂y · f'(u) (mutates delta); softmax uses its full Jacobian: δ_k = y_k (∂y_k − Σ_r ∂y_r y_r) */
  backward(u: Matrix, y: Matrix, dy: Matrix, delta: Matrix, n: number, alpha: number): void;
  /** f'(u) for one neuron, from u and y = f(u); undefined for softmax (not element-wise) */
  derivative(u: number, y: number, alpha: number): number | undefined;
}

function elementwise(
  name: ActivationName,
  f: (u: number, alpha: number) => number,
  der: (u: number, y: number, alpha: number) => number,
): Activation {
  return {
    name,
    forward(u, y, n, alpha) {
      const U = u.data;
      const Y = y.data;
      const end = n * u.cols;
      for (let x = 0; x < end; x++) Y[x] = f(U[x], alpha);
    },
    backward(u, y, dy, delta, n, alpha) {
      const U = u.data;
      const Y = y.data;
      const G = dy.data;
      const D = delta.data;
      const end = n * u.cols;
      for (let x = 0; x < end; x++) D[x] = G[x] * der(U[x], Y[x], alpha);
    },
    derivative: der,
  };
}

const identity = elementwise(
  'identity',
  (u) => u,
  () => 1,
);

const sigmoid = elementwise(
  'sigmoid',
  (u) => 1 / (1 + Math.exp(-u)),
  (_u, y) => (1 - y) * y,
);

const tanh = elementwise(
  'tanh',
  (u) => Math.tanh(u),
  (_u, y) => 1 - y * y,
);

const relu = elementwise(
  'relu',
  (u) => (u > 0 ? u : 0),
  (u) => (u > 0 ? 1 : 0),
);

const leakyRelu = elementwise(
  'leaky-relu',
  (u, alpha) => (u > 0 ? u : alpha * u),
  (u, _y, alpha) => (u > 0 ? 1 : alpha),
);

const softmax: Activation = {
  name: 'softmax',
  forward(u, y, n) {
    const cols = u.cols;
    const U = u.data;
    const Y = y.data;
    for (let r = 0; r < n; r++) {
      const o = r * cols;
      // subtract the row's maximum so that e^u cannot overflow; the result is unchanged
      let max = -Infinity;
      for (let k = 0; k < cols; k++) if (U[o + k] > max) max = U[o + k];
      let sum = 0;
      for (let k = 0; k < cols; k++) {
        const e = Math.exp(U[o + k] - max);
        Y[o + k] = e;
        sum += e;
      }
      for (let k = 0; k < cols; k++) Y[o + k] /= sum;
    }
  },
  backward(_u, y, dy, delta, n) {
    const cols = y.cols;
    const Y = y.data;
    const G = dy.data;
    const D = delta.data;
    for (let r = 0; r < n; r++) {
      const o = r * cols;
      let dot = 0;
      for (let k = 0; k < cols; k++) dot += G[o + k] * Y[o + k];
      for (let k = 0; k < cols; k++) D[o + k] = Y[o + k] * (G[o + k] - dot);
    }
  },
  derivative: () => undefined,
};

const BY_NAME: Record<ActivationName, Activation> = {
  identity,
  sigmoid,
  tanh,
  relu,
  'leaky-relu': leakyRelu,
  softmax,
};

export function activation(name: ActivationName): Activation {
  return BY_NAME[name];
}

export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name);
}

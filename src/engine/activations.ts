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

// Each element-wise activation spells out its own loops: a shared loop calling f through a closure
// costs a call per element, which the JIT does not always inline.

const identity: Activation = {
  name: 'identity',
  // y = u
  forward(u, y, n) {
    const U = u.data;
    const Y = y.data;
    for (let x = 0, end = n * u.cols; x < end; x++) Y[x] = U[x];
  },
  // f'(u) = 1
  backward(u, _y, dy, delta, n) {
    const G = dy.data;
    const D = delta.data;
    for (let x = 0, end = n * u.cols; x < end; x++) D[x] = G[x];
  },
  derivative: () => 1,
};

const sigmoid: Activation = {
  name: 'sigmoid',
  // y = 1 / (1 + e^−u)
  forward(u, y, n) {
    const U = u.data;
    const Y = y.data;
    for (let x = 0, end = n * u.cols; x < end; x++) Y[x] = 1 / (1 + Math.exp(-U[x]));
  },
  // f'(u) = (1 − y) y
  backward(u, y, dy, delta, n) {
    const Y = y.data;
    const G = dy.data;
    const D = delta.data;
    for (let x = 0, end = n * u.cols; x < end; x++) D[x] = G[x] * ((1 - Y[x]) * Y[x]);
  },
  derivative: (_u, y) => (1 - y) * y,
};

const tanh: Activation = {
  name: 'tanh',
  // y = tanh u
  forward(u, y, n) {
    const U = u.data;
    const Y = y.data;
    for (let x = 0, end = n * u.cols; x < end; x++) Y[x] = Math.tanh(U[x]);
  },
  // f'(u) = 1 − y²
  backward(u, y, dy, delta, n) {
    const Y = y.data;
    const G = dy.data;
    const D = delta.data;
    for (let x = 0, end = n * u.cols; x < end; x++) D[x] = G[x] * (1 - Y[x] * Y[x]);
  },
  derivative: (_u, y) => 1 - y * y,
};

const relu: Activation = {
  name: 'relu',
  // y = max(u, 0)
  forward(u, y, n) {
    const U = u.data;
    const Y = y.data;
    for (let x = 0, end = n * u.cols; x < end; x++) Y[x] = U[x] > 0 ? U[x] : 0;
  },
  // f'(u) = 1 for u > 0, else 0
  backward(u, _y, dy, delta, n) {
    const U = u.data;
    const G = dy.data;
    const D = delta.data;
    for (let x = 0, end = n * u.cols; x < end; x++) D[x] = G[x] * (U[x] > 0 ? 1 : 0);
  },
  derivative: (u) => (u > 0 ? 1 : 0),
};

const leakyRelu: Activation = {
  name: 'leaky-relu',
  // y = u for u > 0, else αu
  forward(u, y, n, alpha) {
    const U = u.data;
    const Y = y.data;
    for (let x = 0, end = n * u.cols; x < end; x++) Y[x] = U[x] > 0 ? U[x] : alpha * U[x];
  },
  // f'(u) = 1 for u > 0, else α
  backward(u, _y, dy, delta, n, alpha) {
    const U = u.data;
    const G = dy.data;
    const D = delta.data;
    for (let x = 0, end = n * u.cols; x < end; x++) D[x] = G[x] * (U[x] > 0 ? 1 : alpha);
  },
  derivative: (u, _y, alpha) => (u > 0 ? 1 : alpha),
};

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

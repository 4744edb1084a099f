// An independent reference for the engine tests: the forward pass and the loss written the plainest
// way, with nested arrays and the formulas of shared/NOTATION.md, sharing no code with src/engine.
// Gradients come from central differences of this forward pass, never from the engine's backward.

export type Act = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'softmax';

export interface RefLayer {
  act: Act;
  /** w[j][k] */
  w: number[][];
  b: number[];
}

function f(act: Act, u: number[]): number[] {
  switch (act) {
    case 'identity':
      return u.slice();
    case 'sigmoid':
      return u.map((v) => 1 / (1 + Math.exp(-v)));
    case 'tanh':
      return u.map((v) => Math.tanh(v));
    case 'relu':
      return u.map((v) => Math.max(0, v));
    case 'leaky-relu':
      return u.map((v) => (v > 0 ? v : 0.01 * v));
    case 'softmax': {
      const e = u.map((v) => Math.exp(v));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    }
  }
}

/** y of every layer for one sample x (ys[0] = x). */
export function forward(layers: RefLayer[], x: number[]): number[][] {
  const ys = [x];
  for (const layer of layers) {
    const prev = ys[ys.length - 1];
    const u = layer.b.map((bk, k) => bk + prev.reduce((acc, yj, j) => acc + yj * layer.w[j][k], 0));
    ys.push(f(layer.act, u));
  }
  return ys;
}

/** E of a batch: Σ_s of ½Σ(y−t)² or −Σ t log y, divided by the batch size for the mean. */
export function batchLoss(layers: RefLayer[], xs: number[][], ts: number[][], loss: 'sum-of-squares' | 'cross-entropy', mean: boolean): number {
  let e = 0;
  xs.forEach((x, s) => {
    const ys = forward(layers, x);
    const y = ys[ys.length - 1];
    ts[s].forEach((t, k) => {
      e += loss === 'sum-of-squares' ? 0.5 * (y[k] - t) ** 2 : t === 0 ? 0 : -t * Math.log(y[k]);
    });
  });
  return mean ? e / xs.length : e;
}

/** ∂E/∂w and ∂E/∂b of every layer by central differences (h = 1e-6). */
export function numericGradients(
  layers: RefLayer[],
  xs: number[][],
  ts: number[][],
  loss: 'sum-of-squares' | 'cross-entropy',
  mean: boolean,
): { dw: number[][]; db: number[] }[] {
  const h = 1e-6;
  const central = (get: () => number, set: (v: number) => void): number => {
    const saved = get();
    set(saved + h);
    const plus = batchLoss(layers, xs, ts, loss, mean);
    set(saved - h);
    const minus = batchLoss(layers, xs, ts, loss, mean);
    set(saved);
    return (plus - minus) / (2 * h);
  };
  return layers.map((layer) => ({
    dw: layer.w.map((row) => row.map((_, k) => central(() => row[k], (v) => (row[k] = v)))),
    db: layer.b.map((_, k) => central(() => layer.b[k], (v) => (layer.b[k] = v))),
  }));
}

// One iteration of a training run as plain data, for the worked example (the handout): every layer's
// u, y, ∂y, δ, ∂w, ∂b with the w and b the forward pass used, the batch's targets, E and η, and the w
// and b after the update. Taken from a Trainer standing just before the update (as the trace's records);
// JSON-safe through `toWire` (non-finite numbers as their names) so it can cross DAP, and checked when
// read back (`fromWire`). Imports the engine only.

import type { ActivationName } from '../engine/activations';
import { toRows } from '../engine/matrix';
import type { Trainer } from '../engine/trainer';

export interface WorkedLayer {
  readonly size: number;
  readonly activation: ActivationName;
  /** α of leaky-relu */
  readonly alpha: number;
  readonly trainWeights: boolean;
  readonly trainBiases: boolean;
  /** p of dropout on y while training (0: none): y is then f(u) ⊙ mask / (1 − p) */
  readonly dropout?: number;
  /** per sample × neuron (layer 0: the inputs, y only) */
  readonly y: number[][];
  readonly u?: number[][];
  readonly dy?: number[][];
  readonly delta?: number[][];
  /** fan-in × fan-out: as the forward pass used them, the gradient, and after the update */
  readonly w?: number[][];
  readonly dw?: number[][];
  readonly wAfter?: number[][];
  readonly b?: number[];
  readonly db?: number[];
  readonly bAfter?: number[];
}

export interface WorkedIteration {
  readonly name: string;
  readonly iteration: number;
  readonly epoch: number;
  /** data index of each sample of the batch */
  readonly samples: number[];
  readonly loss: 'sum-of-squares' | 'cross-entropy';
  readonly reduction: 'sum' | 'mean';
  /** η of this iteration's update */
  readonly eta: number;
  /** the update rule: 'sgd' is w ← w − η∂w; others are shown by their result only */
  readonly optimizer: string;
  /** λ: the update adds λw to ∂w (0: none) */
  readonly weightDecay: number;
  /** E of the batch */
  readonly E: number;
  /** t per sample × output neuron */
  readonly targets: number[][];
  readonly layers: WorkedLayer[];
}

/**
 * The iteration the trainer stands in: call it before the update stop is done (position at most
 * stops.length − 1, with the backward pass complete). Finishes the update to read w and b after it:
 * the trainer moves on to the end of the iteration (the caller puts it back).
 */
export function workedIterationOf(trainer: Trainer): WorkedIteration {
  const n = trainer.batchSize;
  const beforeUpdate = trainer.stops.length - 1;
  while (trainer.position < beforeUpdate) trainer.step();
  const spec = trainer.spec;
  const layers: WorkedLayer[] = trainer.layers.map((l) => {
    const common = { size: l.size, activation: l.activation.name, alpha: l.spec.alpha, trainWeights: l.spec.trainWeights, trainBiases: l.spec.trainBiases, dropout: l.spec.dropout ?? 0 };
    if (l.index === 0) return { ...common, y: toRows(l.y, n) };
    return { ...common, y: toRows(l.y, n), u: toRows(l.u, n), dy: toRows(l.dy, n), delta: toRows(l.delta, n), w: toRows(l.w), dw: toRows(l.dw), b: Array.from(l.b), db: Array.from(l.db) };
  });
  const it = {
    name: spec.name,
    iteration: trainer.iteration,
    epoch: trainer.epoch,
    samples: Array.from(trainer.samples.subarray(0, n)),
    loss: spec.loss,
    reduction: spec.batch.reduction,
    eta: trainer.eta,
    optimizer: (spec as { optimizer?: { name?: string } }).optimizer?.name ?? 'sgd',
    weightDecay: (spec as { weightDecay?: number }).weightDecay ?? 0,
    E: trainer.lossValue,
    targets: toRows(trainer.targets, n),
    layers,
  };
  trainer.step(); // the update
  return {
    ...it,
    layers: layers.map((l, x) => (x === 0 ? l : { ...l, wAfter: toRows(trainer.layers[x].w), bAfter: Array.from(trainer.layers[x].b) })),
  };
}

/** A WorkedIteration as it crosses JSON (DAP): non-finite numbers as their names. */
export type WorkedIterationWire = Wire<WorkedIteration>;

type Wire<T> = T extends number ? number | string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** JSON has no NaN or ±Infinity: those numbers travel as "NaN", "Infinity", "-Infinity". */
export function toWire(it: WorkedIteration): WorkedIterationWire {
  const map = (x: unknown): unknown => {
    if (typeof x === 'number') return Number.isFinite(x) ? x : String(x);
    if (Array.isArray(x)) return x.map(map);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, map(v)]));
    return x;
  };
  return map(it) as WorkedIterationWire;
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function num(x: unknown, what: string): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x in NON_FINITE) return NON_FINITE[x];
  throw new Error(`${what} is not a number`);
}

function rows(x: unknown, r: number, c: number, what: string): number[][] {
  if (!Array.isArray(x) || x.length !== r) throw new Error(`${what} must have ${r} rows`);
  return x.map((row, i) => {
    if (!Array.isArray(row) || row.length !== c) throw new Error(`${what}[${i}] must have ${c} entries`);
    return row.map((v, j) => num(v, `${what}[${i}][${j}]`));
  });
}

function vector(x: unknown, c: number, what: string): number[] {
  return rows([x], 1, c, what)[0];
}

/** Reads a WorkedIteration back from its wire form, checking every shape; throws with the field that does not fit. */
export function fromWire(raw: unknown): WorkedIteration {
  const a = (raw ?? {}) as Record<string, unknown>;
  if (!Array.isArray(a.layers) || a.layers.length < 2 || !Array.isArray(a.samples) || a.samples.length < 1) throw new Error('not an iteration');
  const n = a.samples.length;
  const ls = a.layers as Record<string, unknown>[];
  const layers: WorkedLayer[] = ls.map((l, x) => {
    const size = num(l.size, 'size');
    const base = {
      size,
      activation: l.activation as ActivationName,
      alpha: num(l.alpha ?? 0.01, 'alpha'),
      trainWeights: l.trainWeights !== false,
      trainBiases: l.trainBiases !== false,
      dropout: typeof l.dropout === 'number' ? l.dropout : 0,
      y: rows(l.y, n, size, `layers[${x}].y`),
    };
    if (x === 0) return base;
    const fanIn = num(ls[x - 1].size, 'size');
    const m = (k: string): number[][] => rows(l[k], fanIn, size, `layers[${x}].${k}`);
    const s = (k: string): number[][] => rows(l[k], n, size, `layers[${x}].${k}`);
    const v = (k: string): number[] => vector(l[k], size, `layers[${x}].${k}`);
    return { ...base, u: s('u'), dy: s('dy'), delta: s('delta'), w: m('w'), dw: m('dw'), wAfter: m('wAfter'), b: v('b'), db: v('db'), bAfter: v('bAfter') };
  });
  return {
    name: String(a.name ?? ''),
    iteration: num(a.iteration, 'iteration'),
    epoch: num(a.epoch, 'epoch'),
    samples: a.samples.map((x) => num(x, 'samples')),
    loss: a.loss === 'cross-entropy' ? 'cross-entropy' : 'sum-of-squares',
    reduction: a.reduction === 'mean' ? 'mean' : 'sum',
    eta: num(a.eta, 'eta'),
    optimizer: typeof a.optimizer === 'string' ? a.optimizer : 'sgd',
    weightDecay: typeof a.weightDecay === 'number' ? a.weightDecay : 0,
    E: num(a.E, 'E'),
    targets: rows(a.targets, n, layers[layers.length - 1].size, 'targets'),
    layers,
  };
}

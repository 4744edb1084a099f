// A divergence explained: the notes' equation of the differing quantity with the engine's numbers
// substituted (δ_j = ∂y_j f′(u_j) = (0.03635)(0.2413) = 0.008771), and, when the student's number matches a
// known mistake, which one (f′ left out, ∂w transposed, the sum for the mean, the update's sign, softmax's δ
// through the sum of squares, a batch off by one). Reads the trainer standing at the divergent stop.
// Imports only the engine.

import { matrix, type Matrix } from '../engine/matrix';
import { Trainer } from '../engine/trainer';
import { expectedOf, type Compared, type Divergence } from './compare';
import type { Given, TraceField } from './traceFile';
import { compareWords } from './words';

type Base = Omit<Divergence, 'equation' | 'diagnosis'>;

/** A number as the equations show it: 4 significant digits. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e6) return String(Number(v.toPrecision(4)));
  return v.toExponential(3);
}

/** In parentheses when negative, for a product. */
const p = (v: number): string => `(${num(v)})`;

/** Whether two numbers are the same up to the arithmetic's rounding (looser than the comparison: a mistake's value). */
function same(a: number, b: number, scale = 0): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b);
  return Math.abs(a - b) <= 1e-7 * Math.max(Math.abs(a), Math.abs(b), scale);
}

/** The notes' letters of layer l: itself and the layer before (the output is k after j; a hidden layer j after i). */
function letters(l: number, L: number): { self: string; prev: string; next: string } {
  return l === L ? { self: 'k', prev: 'j', next: '' } : l === L - 1 ? { self: 'j', prev: 'i', next: 'k' } : { self: 'j', prev: 'i', next: 'r' };
}

/** Up to `max` terms written out, else their count: "(a)(b) + (c)(d)" or "Σ of 784 terms (= s)". */
function terms(products: [number, number][], max = 4): string {
  if (products.length <= max) return products.map(([a, b]) => `${p(a)}${p(b)}`).join(' + ');
  const s = products.reduce((acc, [a, b]) => acc + a * b, 0);
  return `${compareWords().terms(products.length)} (${num(s)})`;
}

/** f′(u) as the notes write it from y, for an element-wise activation. */
function derivativeText(name: string, self: string): string {
  switch (name) {
    case 'sigmoid':
      return `(1 − y_${self}) y_${self}`;
    case 'tanh':
      return `1 − y_${self}²`;
    case 'relu':
      return `1 if u_${self} > 0, else 0`;
    case 'leaky-relu':
      return `1 if u_${self} > 0, else α`;
    default:
      return '1';
  }
}

/** The equation and the diagnosis of a divergence at the trainer's current stop. */
export function explain(trainer: Trainer, d: Base, tolerance: number, given?: Given, rerun = true): { equation: string; diagnosis?: string } {
  const e = equation(trainer, d);
  const diagnosis = diagnose(trainer, d, tolerance, given) ?? (rerun ? shiftedBatch(trainer, d, given) : undefined);
  return { equation: `${e} — ${compareWords().yours}: ${num(d.got)}${diagnosis ? `, ${diagnosis}` : ''}`, diagnosis };
}

function equation(trainer: Trainer, d: Base): string {
  const L = trainer.layers.length - 1;
  const l = d.layer;
  const { self, prev } = letters(l, L);
  const [r, c] = d.index;
  const layer = trainer.layers[l];
  const n = trainer.batchSize;
  const mean = trainer.spec.batch.reduction === 'mean';
  const at = (m: { data: Float64Array; cols: number }, row: number, col: number): number => m.data[row * m.cols + col];
  const w = compareWords();
  switch (d.quantity as Compared) {
    case 'epoch':
      return w.epochOf(d.iteration, d.expected, trainer.batchesPerEpoch);
    case 't':
      return w.updatesDone(d.expected, d.iteration);
    case 'mask':
      return `mask_${self} (s = ${trainer.samples[r]}) = ${num(d.expected)} (${w.mask(d.expected === 1, d.iteration, layer.spec.dropout)}): y = f(u)·mask/(1 − p)`;
    case 'm.w':
    case 'm.b':
    case 'v.w':
    case 'v.b':
    case 'h.w':
    case 'h.b':
      return slotEquation(trainer, d);
    case 'samples':
      return w.batchHolds(d.iteration, Array.from(trainer.samples.subarray(0, n)).join(', '));
    case 'loss': {
      const per = trainer.spec.loss === 'cross-entropy' ? 'E_s = −Σ_k t_k log y_k' : 'E_s = ½ Σ_k (y_k − t_k)²';
      const outer = n === 1 ? 'E = E_s' : mean ? `E = (1/${n}) Σ_s E_s` : 'E = Σ_s E_s';
      return `${outer}, ${per} = ${num(d.expected)}`;
    }
    case 'u': {
      const before = trainer.layers[l - 1];
      const products: [number, number][] = [];
      for (let i = 0; i < before.size; i++) products.push([at(before.y, r, i), at(layer.w, i, c)]);
      return `u_${self} = Σ_${prev} y_${prev} w_${prev}${self} + b_${self} = ${terms(products)} + ${p(layer.b[c])} = ${num(d.expected)}`;
    }
    case 'y': {
      if (l === 0) return w.inputsOf(trainer.samples[r], r);
      const name = layer.activation.name;
      if (name === 'softmax') return `y_${self} = e^(u_${self}) / Σ_r e^(u_r) with u_${self} = ${num(at(layer.u, r, c))} = ${num(d.expected)}`;
      return `y_${self} = f(u_${self}) = ${name}(${num(at(layer.u, r, c))}) = ${num(d.expected)}`;
    }
    case 'dy': {
      if (l === L) {
        const y = at(layer.y, r, c);
        const t = at(trainer.targets, r, c);
        if (trainer.spec.loss === 'cross-entropy') return `∂y_k = ∂E/∂y_k = −t_k / y_k = −${p(t)} / ${p(y)} = ${num(d.expected)}`;
        return `∂y_k = ∂E/∂y_k = y_k − t_k = ${num(y)} − ${num(t)} = ${num(d.expected)}`;
      }
      const next = trainer.layers[l + 1];
      const products: [number, number][] = [];
      for (let q = 0; q < next.size; q++) products.push([at(next.delta, r, q), at(next.w, c, q)]);
      const nx = l + 1 === L ? 'k' : 'r';
      return `∂y_${self} = Σ_${nx} δ_${nx} w_${self}${nx} = ${terms(products)} = ${num(d.expected)}`;
    }
    case 'delta': {
      const y = at(layer.y, r, c);
      const name = layer.activation.name;
      if (l === L && name === 'softmax' && trainer.spec.loss === 'cross-entropy') return `δ_k = y_k − t_k = ${num(y)} − ${num(at(trainer.targets, r, c))} = ${num(d.expected)}`;
      const dy = at(layer.dy, r, c);
      if (name === 'softmax') {
        let dot = 0;
        for (let q = 0; q < layer.size; q++) dot += at(layer.dy, r, q) * at(layer.y, r, q);
        return `δ_${self} = y_${self} (∂y_${self} − Σ_r ∂y_r y_r) = ${p(y)}(${num(dy)} − ${p(dot)}) = ${num(d.expected)}`;
      }
      const f = layer.activation.derivative(at(layer.u, r, c), y, layer.spec.alpha) ?? NaN;
      return `δ_${self} = ∂y_${self} f′(u_${self}) = ${p(dy)}${p(f)} = ${num(d.expected)}, f′(u_${self}) = ${derivativeText(name, self)}`;
    }
    case 'dw':
    case 'db': {
      const before = trainer.layers[l - 1];
      const isW = d.quantity === 'dw';
      const k = isW ? c : r;
      const products: [number, number][] = [];
      for (let s = 0; s < n; s++) products.push([isW ? at(before.y, s, r) : 1, at(layer.delta, s, k)]);
      const body = isW ? `y_${prev} δ_${self}` : `δ_${self}`;
      const name = isW ? `∂w_${prev}${self}` : `∂b_${self}`;
      const written = isW ? terms(products, 3) : n <= 3 ? products.map(([, x]) => p(x)).join(' + ') : w.terms(n);
      if (n === 1) return `${name} = ${body} = ${written} = ${num(d.expected)}`;
      return `${name} = ${mean ? `(1/${n}) ` : ''}Σ_s ${body} = ${mean ? `(1/${n})(${written})` : written} = ${num(d.expected)}`;
    }
    case 'w':
    case 'b': {
      const isW = d.quantity === 'w';
      const name = isW ? `w_${prev}${self}` : `b_${self}`;
      const k = isW ? c : r;
      if (d.phase !== 'update') return `${name} = ${num(d.expected)}: ${w.initial(isW)}`;
      const trained = isW ? layer.spec.trainWeights : layer.spec.trainBiases;
      if (!trained) return `${name} ${w.frozen(isW ? 'trainWeights' : 'trainBiases', num(d.expected))}`;
      const g = isW ? at(layer.dw, r, c) : layer.db[k];
      const step = trainer.parameterStep(l, isW ? 'w' : 'b')[isW ? r * layer.size + c : k];
      const before = d.expected - step;
      const optimizer = trainer.spec.optimizer.name;
      if (optimizer !== 'sgd') return `${name} ← ${name} + Δ${name} (${optimizer}) = ${num(before)} + ${p(step)} = ${num(d.expected)}`;
      const eta = trainer.eta;
      const decay = isW ? trainer.spec.weightDecay : 0;
      if (decay) return `${name} ← ${name} − η (∂${name} + λ${name}) = ${num(before)} − ${p(eta)}(${num(g)} + ${p(decay)}${p(before)}) = ${num(d.expected)}`;
      return `${name} ← ${name} − η ∂${name} = ${num(before)} − ${p(eta)}${p(g)} = ${num(d.expected)}`;
    }
    default:
      return `${String(d.quantity)} = ${num(d.expected)}`;
  }
}

/** Plain gradient descent without weight decay: w ← w − η∂w as the notes write it. */
function isSgd(trainer: Trainer): boolean {
  return trainer.spec.optimizer.name === 'sgd' && trainer.spec.weightDecay === 0;
}

/** An optimizer's state after the update, with the rule that made it (the state before, ∂w with λw). */
function slotEquation(trainer: Trainer, d: Base): string {
  const [slot, param] = (d.quantity as string).split('.') as ['v' | 'h' | 'm', 'w' | 'b'];
  const l = d.layer;
  const layer = trainer.layers[l];
  const x = param === 'w' ? d.index[0] * layer.size + d.index[1] : d.index[0];
  const before = trainer.optimizerState(l, param)?.before[slot]?.[x] ?? NaN;
  const w = param === 'w' ? layer.w.data[x] - trainer.parameterStep(l, 'w')[x] : NaN;
  const g = (param === 'w' ? layer.dw.data[x] : layer.db[x]) + (param === 'w' && trainer.spec.weightDecay ? trainer.spec.weightDecay * w : 0);
  const o = trainer.spec.optimizer;
  const gs = trainer.spec.weightDecay && param === 'w' ? `(∂${param} + λ${param})` : `∂${param}`;
  const name = compareWords().slotOf(slot, param);
  switch (o.name) {
    case 'momentum':
      return `${name}: v ← αv − η ${gs} = ${p(o.momentum)}${p(before)} − ${p(trainer.eta)}${p(g)} = ${num(d.expected)}`;
    case 'adagrad':
      return `${name}: h ← h + ${gs}² = ${num(before)} + ${p(g)}² = ${num(d.expected)}`;
    case 'rmsprop':
      return `${name}: h ← ρh + (1 − ρ) ${gs}² = ${p(o.rho)}${p(before)} + ${p(1 - o.rho)}${p(g)}² = ${num(d.expected)}`;
    case 'adam':
      return slot === 'm'
        ? `${name}: m ← β₁m + (1 − β₁) ${gs} = ${p(o.beta1)}${p(before)} + ${p(1 - o.beta1)}${p(g)} = ${num(d.expected)}`
        : `${name}: v ← β₂v + (1 − β₂) ${gs}² = ${p(o.beta2)}${p(before)} + ${p(1 - o.beta2)}${p(g)}² = ${num(d.expected)}`;
    default:
      return `${name} = ${num(d.expected)}`;
  }
}

/** The rows of a data matrix, each moved `by` places (row s holds row s + by, wrapping round). */
function rotated(m: Matrix, by: number): Matrix {
  const out = new Float64Array(m.data.length);
  for (let s = 0; s < m.rows; s++) out.set(m.data.subarray(((s + by + m.rows) % m.rows) * m.cols, ((s + by + m.rows) % m.rows + 1) * m.cols), s * m.cols);
  return matrix(m.rows, m.cols, out);
}

/**
 * A batch off by one, when the trace shows neither the batch nor its inputs: the student's whole tensor is
 * what the engine computes with every batch taken one sample later (or earlier) from the start. Runs the
 * network again to that stop, once per direction (samples in file order only).
 */
function shiftedBatch(trainer: Trainer, d: Base, given?: Given): string | undefined {
  const spec = trainer.spec;
  if (!given || spec.batch.shuffle || d.quantity === 'samples' || d.quantity === 'epoch' || d.quantity === 't' || d.quantity === 'loss' || spec.data.inputs.rows < 2) return undefined;
  for (const by of [1, -1]) {
    const shifted = new Trainer({ ...spec, data: { ...spec.data, inputs: rotated(spec.data.inputs, by), targets: rotated(spec.data.targets, by) } }, { record: false });
    shifted.seek(d.iteration, d.position);
    const e = expectedOf(shifted, d.layer, d.quantity as TraceField);
    let scale = 0;
    for (let x = 0; x < given.data.length; x++) scale = Math.max(scale, Math.abs(e.at(Math.floor(x / e.cols), x % e.cols)));
    let all = true;
    for (let x = 0; x < given.data.length && all; x++) all = same(given.data[x], e.at(Math.floor(x / e.cols), x % e.cols), scale);
    if (all) return compareWords().offByOneRerun(by > 0);
  }
  return undefined;
}

/** Every value of `given` equals f(expected at the same place)? (whole-tensor patterns: a factor, a sign, a transpose) */
function everywhere(trainer: Trainer, l: number, q: TraceField, given: Given, f: (r: number, c: number) => number): boolean {
  const cols = expectedOf(trainer, l, q).cols;
  const rows = given.data.length / cols;
  let scale = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) scale = Math.max(scale, Math.abs(f(r, c)));
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (!same(given.data[r * cols + c], f(r, c), scale)) return false;
  return true;
}

function diagnose(trainer: Trainer, d: Base, tolerance: number, given?: Given): string | undefined {
  const L = trainer.layers.length - 1;
  const l = d.layer;
  const { self } = letters(l, L);
  const [r, c] = d.index;
  const n = trainer.batchSize;
  const layer = trainer.layers[l];
  const at = (m: { data: Float64Array; cols: number }, row: number, col: number): number => m.data[row * m.cols + col];
  const mean = trainer.spec.batch.reduction === 'mean';
  const got = d.got;
  const w = compareWords();
  const unlike = (x: number): boolean => !same(x, d.expected) && Math.abs(x - d.expected) > tolerance * Math.abs(d.expected);
  const factor = (read: (r: number, c: number) => number): string | undefined => {
    if (!given || n === 1) return undefined;
    const q = d.quantity as TraceField;
    if (mean && everywhere(trainer, l, q, given, (a, b) => read(a, b) * n)) return w.summedForMean(n);
    if (!mean && everywhere(trainer, l, q, given, (a, b) => read(a, b) / n)) return w.averagedForSum(n);
    return undefined;
  };
  switch (d.quantity as Compared) {
    case 'samples': {
      const e = d.expected;
      if (got === e + 1 || got === e - 1) return w.offByOneSamples(got > e);
      return undefined;
    }
    case 'y': {
      if (l === 0) {
        // which data row the student's inputs are: one off from the engine's sample means an off-by-one batch
        const X = trainer.spec.data.inputs;
        const row = given ? Array.from(given.data.subarray(r * X.cols, (r + 1) * X.cols)) : [];
        const s = trainer.samples[r];
        for (const cand of [s + 1, s - 1]) {
          if (cand < 0 || cand >= X.rows) continue;
          if (row.every((v, i) => same(v, X.data[cand * X.cols + i]))) return w.offByOneInputs(cand, s);
        }
        return undefined;
      }
      if (same(got, at(layer.u, r, c)) && unlike(at(layer.u, r, c))) return w.withoutF(self);
      return undefined;
    }
    case 'u':
      if (same(got, d.expected - layer.b[c])) return w.withoutB(self);
      return undefined;
    case 'delta': {
      const name = layer.activation.name;
      const dy = at(layer.dy, r, c);
      const y = at(layer.y, r, c);
      if (l === L && name === 'softmax' && trainer.spec.loss === 'cross-entropy') {
        const t = at(trainer.targets, r, c);
        if (same(got, (y - t) * y * (1 - y))) return w.softmaxThroughSquares;
        let dot = 0;
        for (let q = 0; q < layer.size; q++) dot += (at(layer.y, r, q) - at(trainer.targets, r, q)) * at(layer.y, r, q);
        if (same(got, y * (y - t - dot))) return w.softmaxJacobian;
      }
      if (name !== 'softmax' && same(got, dy) && unlike(dy)) return w.withoutFPrime(self);
      if (same(got, -d.expected)) return w.oppositeSign;
      return undefined;
    }
    case 'dw': {
      if (given && layer.dw.rows !== layer.dw.cols && given.transposed) return w.transposedShape(layer.dw.cols, layer.dw.rows, letters(l, L).prev, self, l - 1);
      if (given && layer.dw.rows === layer.dw.cols && everywhere(trainer, l, 'dw', given, (a, b) => at(layer.dw, b, a))) return w.transposed(letters(l, L).prev, self, l - 1);
      return factor((a, b) => at(layer.dw, a, b)) ?? (same(got, -d.expected) ? w.oppositeSign : undefined);
    }
    case 'db':
      return factor((_a, b) => layer.db[b]) ?? (same(got, -d.expected) ? w.oppositeSign : undefined);
    case 'loss': {
      if (n > 1 && mean && same(got, d.expected * n)) return w.summedForMean(n);
      if (n > 1 && !mean && same(got, d.expected / n)) return w.averagedForSum(n);
      if (trainer.spec.loss === 'sum-of-squares' && same(got, 2 * d.expected)) return w.withoutHalf;
      return undefined;
    }
    case 'w':
    case 'b': {
      const isW = d.quantity === 'w';
      if (given && isW && layer.w.rows !== layer.w.cols && given.transposed) return w.transposedW(layer.w.cols, layer.w.rows, l - 1);
      if (d.phase !== 'update' || !isSgd(trainer)) return undefined;
      const g = isW ? at(layer.dw, r, c) : layer.db[r];
      const eta = trainer.eta;
      const before = d.expected - trainer.parameterStep(l, isW ? 'w' : 'b')[isW ? r * layer.size + c : r];
      if (same(got, before + eta * g) && unlike(before + eta * g)) return w.wrongSign(`${num(before)} + ${p(eta)}${p(g)}`);
      if (same(got, before - g) && unlike(before - g)) return w.withoutEta;
      if (same(got, before) && unlike(before)) return w.notUpdated(isW ? 'w' : 'b');
      return undefined;
    }
    default:
      return undefined;
  }
}

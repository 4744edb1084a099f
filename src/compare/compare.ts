// The comparison of a student's trace with the engine, stop by stop in the order training computes
// (iteration by iteration: forward layer by layer, the loss, backward from the output down, the update).
// At each stop only the numbers that stop computes are compared, always against the engine's own values:
// the student's earlier numbers are never fed back, so nothing later is blamed on an earlier mistake.
// Which trace numbers belong to which stop (the trace's w and b are those the forward pass used):
//   forward of layer 1     samples, epoch, the inputs (layer 0's y)
//   forward of layer l     u, dropout's mask, y of layer l (and w, b of layer l in iteration 1: the initial parameters)
//   the loss               loss
//   backward of layer l    ∂y, δ, ∂w, ∂b of layer l
//   the update of i        t, and per layer the optimizer's state after the update (v, h, m of line i), then
//                          w, b as the next line (iteration i + 1) holds them
// Pure over the engine: used by `cli.js compare` and by the debug adapter at each stop.

import type { NetworkSpec } from '../engine/spec';
import { Trainer, type Phase } from '../engine/trainer';
import { explain } from './explain';
import { isSlotField, type Given, type StudentRecord, type StudentTrace, type TraceField } from './traceFile';

export const DEFAULT_TOLERANCE = 1e-9;

/** What the trace can hold besides the layers' fields. */
export type Compared = TraceField | 'loss' | 'samples' | 'epoch' | 't';

/** The first number where the trace differs from the engine. */
export interface Divergence {
  /** the iteration of the stop (for the update: the iteration updated; the trace line is the next one's) */
  readonly iteration: number;
  readonly epoch: number;
  readonly phase: Phase;
  /** the trainer's position after the stop (1 … stops.length) */
  readonly position: number;
  /** the layer of the quantity (0 for the inputs, the output layer for the loss) */
  readonly layer: number;
  readonly quantity: Compared;
  /** [s, j] per sample, [j, k] for w and ∂w, [k] for b and ∂b, [s] for samples, [] for the loss and epoch */
  readonly index: readonly number[];
  readonly expected: number;
  readonly got: number;
  /** the trace's line that holds `got` */
  readonly line: number;
  /** the notes' equation for the quantity with the engine's numbers substituted */
  readonly equation: string;
  /** what the given number looks like, when recognisable ("as if f′(u_j) were left out") */
  readonly diagnosis?: string;
}

/** One stop's result: how many of the trace's numbers agreed, and the first that did not. */
export interface StopCheck {
  readonly agreed: number;
  readonly divergence?: Divergence;
}

/** A tensor read in place: the engine's values at (r, c). */
export interface Expected {
  readonly rows: number;
  readonly cols: number;
  at(r: number, c: number): number;
}

/**
 * Whether a given number agrees with the expected one: relative to |expected|, with an absolute floor of
 * the same matrix's largest |value| (a value that cancels to near zero keeps only the digits of the terms
 * it came from). NaN agrees with NaN, ±Infinity with itself.
 */
export function agrees(expected: number, got: number, floor: number, tolerance: number): boolean {
  if (!Number.isFinite(expected) || !Number.isFinite(got)) return Object.is(expected, got) || (expected === got);
  return Math.abs(got - expected) <= tolerance * Math.max(Math.abs(expected), floor);
}

/** The largest finite |value| of a tensor (the absolute floor of its comparison). */
export function largest(e: Expected): number {
  let m = 0;
  for (let r = 0; r < e.rows; r++) {
    for (let c = 0; c < e.cols; c++) {
      const v = Math.abs(e.at(r, c));
      if (v > m && Number.isFinite(v)) m = v;
    }
  }
  return m;
}

/** The engine's values of field q of layer l, as the trainer holds them now (an optimizer's slot: after the update). */
export function expectedOf(trainer: Trainer, l: number, q: TraceField): Expected {
  const layer = trainer.layers[l];
  const n = trainer.batchSize;
  if (isSlotField(q)) {
    const [slot, param] = q.split('.') as ['v' | 'h' | 'm', 'w' | 'b'];
    const v = trainer.optimizerState(l, param)?.slots[slot] ?? new Float64Array(param === 'w' ? layer.w.data.length : layer.b.length).fill(NaN);
    const cols = layer.size;
    return { rows: v.length / cols, cols, at: (r, c) => v[r * cols + c] };
  }
  if (q === 'mask') {
    const m = layer.mask;
    return { rows: n, cols: layer.size, at: (r, c) => (m ? m.data[r * m.cols + c] : NaN) };
  }
  switch (q) {
    case 'b':
    case 'db': {
      const v = layer[q];
      return { rows: 1, cols: v.length, at: (_r, c) => v[c] };
    }
    case 'w':
    case 'dw': {
      const m = layer[q];
      return { rows: m.rows, cols: m.cols, at: (r, c) => m.data[r * m.cols + c] };
    }
    default: {
      const m = layer[q];
      return { rows: n, cols: m.cols, at: (r, c) => m.data[r * m.cols + c] };
    }
  }
}

/** One comparison a stop makes: a given tensor against the engine's. */
interface Item {
  readonly record: StudentRecord;
  readonly layer: number;
  readonly quantity: TraceField;
}

/** The trace's quantities that the stop just done computes (see the file's head). */
function itemsAt(trainer: Trainer, trace: StudentTrace): Item[] {
  const stop = trainer.currentStop;
  if (!stop) return [];
  const items: Item[] = [];
  const add = (record: StudentRecord | undefined, l: number, qs: readonly TraceField[]): void => {
    const given = record?.layers.get(l);
    if (record && given) for (const q of qs) if (given.has(q)) items.push({ record, layer: l, quantity: q });
  };
  const record = trace.records.get(trainer.iteration);
  switch (stop.phase) {
    case 'forward':
      if (stop.layer === 1) add(record, 0, ['y']);
      if (trainer.iteration === 1) add(record, stop.layer, ['w', 'b']);
      add(record, stop.layer, ['u', 'mask', 'y']);
      break;
    case 'loss':
      break;
    case 'backward':
      add(record, stop.layer, ['dy', 'delta', 'dw', 'db']);
      break;
    case 'update': {
      const next = trace.records.get(trainer.iteration + 1);
      for (let l = 1; l < trainer.layers.length; l++) {
        add(record, l, ['m.w', 'v.w', 'h.w', 'm.b', 'v.b', 'h.b']);
        add(next, l, ['w', 'b']);
      }
      break;
    }
  }
  return items;
}

/** The trace's line for the stop just done (the update's is the next iteration's). */
function lineOf(trainer: Trainer, trace: StudentTrace): StudentRecord | undefined {
  const stop = trainer.currentStop;
  return trace.records.get(stop?.phase === 'update' ? trainer.iteration + 1 : trainer.iteration);
}

/**
 * Compares the trace's numbers of the stop the trainer has just done with the trainer's (does not mutate).
 * The first differing number, with its equation and a diagnosis, or how many agreed. `rerun` false: no
 * diagnosis that trains the network again (a batch off by one, seen without the batch).
 */
export function checkStop(trainer: Trainer, trace: StudentTrace, tolerance = DEFAULT_TOLERANCE, rerun = true): StopCheck {
  const stop = trainer.currentStop;
  if (!stop) return { agreed: 0 };
  let agreed = 0;
  const diverge = (record: StudentRecord, layer: number, quantity: Compared, index: number[], expected: number, got: number, given?: Given): StopCheck => {
    const base = { iteration: trainer.iteration, epoch: trainer.epoch, phase: stop.phase, position: trainer.position, layer, quantity, index, expected, got, line: record.line };
    const { equation, diagnosis } = explain(trainer, base, tolerance, given, rerun);
    return { agreed, divergence: { ...base, equation, diagnosis } };
  };
  const record = lineOf(trainer, trace);
  const own = trace.records.get(trainer.iteration);
  if (own && stop.phase === 'update' && own.t !== undefined) {
    if (own.t !== trainer.optimizerSteps) return diverge(own, 0, 't', [], trainer.optimizerSteps, own.t);
    agreed++;
  }
  // the batch first: a wrong batch explains everything computed from it
  if (record && stop.phase === 'forward' && stop.layer === 1) {
    if (record.epoch !== undefined) {
      if (record.epoch !== trainer.epoch) return diverge(record, 0, 'epoch', [], trainer.epoch, record.epoch);
      agreed++;
    }
    if (record.samples) {
      for (let s = 0; s < record.samples.length; s++) {
        if (record.samples[s] !== trainer.samples[s]) return diverge(record, 0, 'samples', [s], trainer.samples[s], record.samples[s]);
        agreed++;
      }
    }
  }
  for (const item of itemsAt(trainer, trace)) {
    const given = item.record.layers.get(item.layer)!.get(item.quantity)!;
    const e = expectedOf(trainer, item.layer, item.quantity);
    const floor = largest(e);
    // a transposed ∂w is read in the engine's layout, row by row: its first misplaced number is the difference
    const got = (r: number, c: number): number => given.data[r * e.cols + c];
    for (let r = 0; r < e.rows; r++) {
      for (let c = 0; c < e.cols; c++) {
        const x = e.at(r, c);
        const g = got(r, c);
        if (!agrees(x, g, floor, tolerance)) {
          const vector = item.quantity === 'b' || item.quantity === 'db' || item.quantity.endsWith('.b');
          const index = vector ? [c] : [r, c];
          return diverge(item.record, item.layer, item.quantity, index, x, g, given);
        }
        agreed++;
      }
    }
  }
  if (record && stop.phase === 'loss' && record.loss !== undefined) {
    if (!agrees(trainer.lossValue, record.loss, Math.abs(trainer.lossValue), tolerance)) return diverge(record, trainer.layers.length - 1, 'loss', [], trainer.lossValue, record.loss);
    agreed++;
  }
  return { agreed };
}

/** The whole comparison's outcome. */
export interface Comparison {
  /** numbers that agreed before the first divergence (all of them when there is none) */
  readonly agreed: number;
  readonly divergence?: Divergence;
  /** iterations walked */
  readonly iterations: number;
}

/** Every stop through the trace's last iteration's update (its optimizer state is after it), on the given trainer (mutates it). */
export function* walk(trainer: Trainer, trace: StudentTrace, tolerance = DEFAULT_TOLERANCE): Generator<void, Comparison, void> {
  let agreed = 0;
  const done = (divergence?: Divergence): Comparison => ({ agreed, divergence, iterations: trainer.iteration });
  const last = trace.lastIteration;
  for (;;) {
    if (!trainer.step()) return done();
    const check = checkStop(trainer, trace, tolerance);
    agreed += check.agreed;
    if (check.divergence) return done(check.divergence);
    if (trainer.position === trainer.stops.length) {
      if (trainer.iteration === last) return done();
      yield;
    }
  }
}

/** Runs the engine on `spec` and compares the whole trace (a fresh trainer, no history). */
export function compareTrace(spec: NetworkSpec, trace: StudentTrace, tolerance = DEFAULT_TOLERANCE): Comparison {
  const steps = walk(new Trainer(spec, { record: false }), trace, tolerance);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

// The headless trace: one record per iteration with every quantity of every layer, as JSON Lines or
// as aligned tables a teacher can paste into a handout. A record is taken after the backward pass and
// before the update, so `w` and `b` are the values the iteration's forward pass used. Beyond plain SGD
// without dropout (whose records stay as they were): a layer with dropout adds its `mask`, and an
// optimizer with state adds `t` (the updates done, this iteration's included) and, per layer, its state
// slots as this iteration's update leaves them, e.g. "m": { "w": [[…]], "b": […] } (a frozen tensor left out).
// Records are written in chunks, straight from the trainer's buffers or from a record, so a network of
// millions of weights streams out instead of building one string larger than V8 allows.
// NaN, +Infinity and −Infinity stay distinguishable: in JSON as the strings "NaN", "Infinity" and
// "-Infinity" (JSON has no such numbers), in CSV and tables as NaN, Infinity and -Infinity.
// Imports nothing outside the engine.

import { toRows } from './matrix';
import { OPTIMIZER_SLOTS, type OptimizerSlot } from './optimizers';
import { isPerSample, isWeightLike, QUANTITIES, SYMBOL } from './quantities';
import type { Trainer } from './trainer';

export interface InputLayerRecord {
  y: number[][];
}

export interface LayerRecord {
  u: number[][];
  y: number[][];
  delta: number[][];
  dy: number[][];
  dw: number[][];
  db: number[];
  w: number[][];
  b: number[];
  /** dropout's mask (1 kept, 0 dropped), per sample; only for a layer with dropout */
  mask?: number[][];
  /** the optimizer's state after this iteration's update (momentum: v; adagrad, rmsprop: h; adam: m, v) */
  v?: SlotRecord;
  h?: SlotRecord;
  m?: SlotRecord;
}

/** One state slot of a layer: of w and of b (a frozen one left out). */
export interface SlotRecord {
  w?: number[][];
  b?: number[];
}

export interface IterationRecord {
  iteration: number;
  epoch: number;
  samples: number[];
  loss: number;
  /** updates done after this iteration's (an optimizer with state only) */
  t?: number;
  layers: [InputLayerRecord, ...LayerRecord[]];
}

/** The state slots a trace records: none for sgd (whose records stay as they always were). */
export function tracedSlots(trainer: Trainer): readonly OptimizerSlot[] {
  return OPTIMIZER_SLOTS[trainer.spec.optimizer.name];
}

/** The record of the current iteration; call it after the backward pass, before the update (does not mutate). */
export function iterationRecord(trainer: Trainer): IterationRecord {
  const n = trainer.batchSize;
  const [input, ...rest] = trainer.layers;
  const slots = tracedSlots(trainer);
  const record: IterationRecord = {
    iteration: trainer.iteration,
    epoch: trainer.epoch,
    samples: Array.from(trainer.samples.subarray(0, n)),
    loss: trainer.lossValue,
    layers: [
      { y: toRows(input.y, n) },
      ...rest.map((l) => {
        const layer: LayerRecord = {
          u: toRows(l.u, n),
          y: toRows(l.y, n),
          delta: toRows(l.delta, n),
          dy: toRows(l.dy, n),
          dw: toRows(l.dw),
          db: Array.from(l.db),
          w: toRows(l.w),
          b: Array.from(l.b),
        };
        if (l.mask) layer.mask = toRows(l.mask, n);
        const w = trainer.optimizerStateAfter(l.index, 'w');
        const b = trainer.optimizerStateAfter(l.index, 'b');
        for (const slot of w || b ? slots : []) {
          const r: SlotRecord = {};
          if (w) r.w = toRows({ data: w[slot]!, rows: l.w.rows, cols: l.w.cols });
          if (b) r.b = Array.from(b[slot]!);
          layer[slot] = r;
        }
        return layer;
      }),
    ],
  };
  if (slots.length) record.t = trainer.iteration;
  return record;
}

export interface TraceOptions {
  /** how many iterations to run (default: all of them) */
  iterations?: number;
  /** record iteration 1, every K-th and the last (default 1: all) */
  every?: number;
}

/** Runs the trainer, calling `emit` with the record of iteration 1, every K-th and the last (mutates trainer). */
export function trace(trainer: Trainer, options: TraceOptions, emit: (record: IterationRecord) => void): void {
  traceIterations(trainer, options, () => emit(iterationRecord(trainer)));
}

/** The same, calling `at` with the trainer standing before the update (read it in place: nothing is copied). */
export function traceIterations(trainer: Trainer, options: TraceOptions, at: () => void): void {
  const last = Math.min(options.iterations ?? trainer.totalIterations, trainer.totalIterations);
  const every = Math.max(1, options.every ?? 1);
  const beforeUpdate = trainer.stops.length - 1;
  while (trainer.iteration <= last) {
    const t = trainer.iteration;
    if (t === 1 || t % every === 0 || t === last) {
      while (trainer.position < beforeUpdate) trainer.step();
      at();
    }
    trainer.finishIteration();
    if (t === last || !trainer.step()) break;
  }
}

/** Formats a number for a table: up to `digits` significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(digits)));
  return v.toExponential(Math.max(0, digits - 1));
}

/** A number as JSON: finite numbers as JSON numbers, NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity". */
export function jsonNumber(v: number): string {
  if (Number.isFinite(v)) return String(v);
  return Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

/** Reads a number written by jsonNumber back (for readers of the trace). */
export function fromJsonNumber(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}

/** A matrix (rows of numbers) or a vector, read in place from the trainer's buffers or from a record. */
interface Grid {
  readonly rows: number;
  readonly cols: number;
  /** written as [..] rather than [[..]] */
  readonly vector: boolean;
  at(r: number, c: number): number;
}

const ofArray = (data: ArrayLike<number>, rows: number, cols: number, vector = false): Grid => ({ rows, cols, vector, at: (r, c) => data[r * cols + c] });
const ofRows = (rows: number[][]): Grid => ({ rows: rows.length, cols: rows[0]?.length ?? 0, vector: false, at: (r, c) => rows[r][c] });
const ofVector = (v: number[]): Grid => ({ rows: 1, cols: v.length, vector: true, at: (_, c) => v[c] });

/** A state slot of a layer in a view: its name, and its values for w and b (each left out when frozen). */
type SlotView = readonly [OptimizerSlot, { w?: Grid; b?: Grid }];

/** One iteration's quantities, each a Grid, in the order of the record's keys. */
interface View {
  iteration: number;
  epoch: number;
  samples: ArrayLike<number>;
  loss: number;
  t: number | undefined;
  input: Grid;
  layers: { u: Grid; y: Grid; delta: Grid; dy: Grid; dw: Grid; db: Grid; w: Grid; b: Grid; mask: Grid | undefined; slots: SlotView[] }[];
}

function viewOfTrainer(trainer: Trainer): View {
  const n = trainer.batchSize;
  const [input, ...rest] = trainer.layers;
  const m = (x: { data: Float64Array; cols: number; rows: number }, rows = x.rows): Grid => ofArray(x.data, rows, x.cols);
  const names = tracedSlots(trainer);
  return {
    iteration: trainer.iteration,
    epoch: trainer.epoch,
    samples: trainer.samples.subarray(0, n),
    loss: trainer.lossValue,
    t: names.length ? trainer.iteration : undefined,
    input: m(input.y, n),
    layers: rest.map((l) => {
      const w = trainer.optimizerStateAfter(l.index, 'w');
      const b = trainer.optimizerStateAfter(l.index, 'b');
      const slots = (w || b ? names : []).map((slot): SlotView => [slot, { w: w && ofArray(w[slot]!, l.w.rows, l.w.cols), b: b && ofArray(b[slot]!, 1, l.b.length, true) }]);
      return { u: m(l.u, n), y: m(l.y, n), delta: m(l.delta, n), dy: m(l.dy, n), dw: m(l.dw), db: ofArray(l.db, 1, l.db.length, true), w: m(l.w), b: ofArray(l.b, 1, l.b.length, true), mask: l.mask && m(l.mask, n), slots };
    }),
  };
}

function viewOfRecord(record: IterationRecord): View {
  const [input, ...rest] = record.layers;
  const names = (['v', 'h', 'm'] as const).filter((slot) => (rest as LayerRecord[]).some((l) => l[slot]));
  // a slot's order in the record is the optimizer's (Adam: m before v)
  const order = names.includes('m') ? OPTIMIZER_SLOTS.adam : names;
  return {
    iteration: record.iteration,
    epoch: record.epoch,
    samples: record.samples,
    loss: record.loss,
    t: record.t,
    input: ofRows(input.y),
    layers: (rest as LayerRecord[]).map((l) => ({
      u: ofRows(l.u),
      y: ofRows(l.y),
      delta: ofRows(l.delta),
      dy: ofRows(l.dy),
      dw: ofRows(l.dw),
      db: ofVector(l.db),
      w: ofRows(l.w),
      b: ofVector(l.b),
      mask: l.mask && ofRows(l.mask),
      slots: order.filter((slot) => l[slot]).map((slot): SlotView => [slot, { w: l[slot]!.w && ofRows(l[slot]!.w!), b: l[slot]!.b && ofVector(l[slot]!.b!) }]),
    })),
  };
}

/** Collects small strings into chunks of about `size` characters for `write`. */
class Chunker {
  private parts: string[] = [];
  private length = 0;
  constructor(
    private readonly write: (chunk: string) => void,
    private readonly size = 1 << 16,
  ) {}
  add(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    if (this.length >= this.size) this.flush();
  }
  flush(): void {
    if (this.parts.length) this.write(this.parts.join(''));
    this.parts = [];
    this.length = 0;
  }
}

function jsonGrid(out: Chunker, g: Grid): void {
  const row = (r: number): void => {
    out.add('[');
    for (let c = 0; c < g.cols; c++) out.add((c ? ',' : '') + jsonNumber(g.at(r, c)));
    out.add(']');
  };
  if (g.vector) return row(0);
  out.add('[');
  for (let r = 0; r < g.rows; r++) {
    if (r) out.add(',');
    row(r);
  }
  out.add(']');
}

function jsonView(v: View, write: (chunk: string) => void): void {
  const out = new Chunker(write);
  const t = v.t === undefined ? '' : `"t":${v.t},`;
  out.add(`{"iteration":${v.iteration},"epoch":${v.epoch},"samples":[${Array.from(v.samples).join(',')}],"loss":${jsonNumber(v.loss)},${t}"layers":[{"y":`);
  jsonGrid(out, v.input);
  out.add('}');
  for (const l of v.layers) {
    let first = true;
    for (const key of ['u', 'y', 'delta', 'dy', 'dw', 'db', 'w', 'b'] as const) {
      out.add(`${first ? ',{' : ','}"${key}":`);
      first = false;
      jsonGrid(out, l[key]);
    }
    if (l.mask) {
      out.add(',"mask":');
      jsonGrid(out, l.mask);
    }
    for (const [slot, { w, b }] of l.slots) {
      out.add(`,"${slot}":{`);
      if (w) {
        out.add('"w":');
        jsonGrid(out, w);
      }
      if (b) {
        out.add(w ? ',"b":' : '"b":');
        jsonGrid(out, b);
      }
      out.add('}');
    }
    out.add('}');
  }
  out.add(']}\n');
  out.flush();
}

/** Writes the current iteration of the trainer as one JSON line (ending in \n), in chunks of about 64 KB. */
export function writeIterationJson(trainer: Trainer, write: (chunk: string) => void): void {
  jsonView(viewOfTrainer(trainer), write);
}

/** Writes a record as one JSON line (ending in \n), in chunks. */
export function writeRecordJson(record: IterationRecord, write: (chunk: string) => void): void {
  jsonView(viewOfRecord(record), write);
}

/** A record as one JSON line (without the \n), non-finite numbers as strings. */
export function recordJson(record: IterationRecord): string {
  const parts: string[] = [];
  writeRecordJson(record, (c) => parts.push(c));
  return parts.join('').slice(0, -1);
}

function tableLines(out: Chunker, title: string, g: Grid, rowLabel: (r: number) => string, colLabel: (c: number) => string, digits: number): void {
  const rows = g.vector ? 1 : g.rows;
  // widths first (a pass that formats and forgets), then the lines
  let labelWidth = title.length;
  for (let r = 0; r < rows; r++) labelWidth = Math.max(labelWidth, rowLabel(r).length);
  const widths = new Int32Array(g.cols);
  for (let c = 0; c < g.cols; c++) {
    let w = colLabel(c).length;
    for (let r = 0; r < rows; r++) w = Math.max(w, formatNumber(g.at(r, c), digits).length);
    widths[c] = w;
  }
  const line = (label: string, cell: (c: number) => string): void => {
    let s = `  ${label.padEnd(labelWidth)}`;
    for (let c = 0; c < g.cols; c++) s += `  ${cell(c).padStart(widths[c])}`;
    out.add('\n' + s.trimEnd());
  };
  line(title, colLabel);
  for (let r = 0; r < rows; r++) line(rowLabel(r), (c) => formatNumber(g.at(r, c), digits));
}

function tableView(v: View, write: (chunk: string) => void, digits: number): void {
  const out = new Chunker(write);
  const t = v.t === undefined ? '' : ` · t = ${v.t}`;
  out.add(`iteration ${v.iteration} · epoch ${v.epoch} · samples ${Array.from(v.samples).join(', ')} · E = ${formatNumber(v.loss, digits)}${t}`);
  const sample = (r: number): string => `s${v.samples[r]}`;
  const neuron = (c: number): string => String(c);
  out.add('\n\nlayer 0 (input)');
  tableLines(out, 'y', v.input, sample, neuron, digits);
  const L = v.layers.length;
  v.layers.forEach((l, i) => {
    const layer = i + 1;
    // the notes' letters: the output layer is k with j before it; a hidden layer is j with i before it
    const self = layer === L ? 'k' : 'j';
    const prev = layer === L ? 'j' : 'i';
    out.add(`\n\nlayer ${layer}`);
    for (const q of QUANTITIES) {
      if (isPerSample(q)) tableLines(out, SYMBOL[q], l[q], sample, neuron, digits);
      else if (isWeightLike(q)) tableLines(out, SYMBOL[q], l[q], (r) => `${prev}=${r}`, (c) => `${self}=${c}`, digits);
      else tableLines(out, SYMBOL[q], l[q], () => '', neuron, digits);
    }
    if (l.mask) tableLines(out, 'mask', l.mask, sample, neuron, digits);
    for (const [slot, { w, b }] of l.slots) {
      // the state after this iteration's update
      if (w) tableLines(out, `${slot} of w`, w, (r) => `${prev}=${r}`, (c) => `${self}=${c}`, digits);
      if (b) tableLines(out, `${slot} of b`, b, () => '', neuron, digits);
    }
  });
  out.flush();
}

/** The record as aligned plain-text tables, rows per sample (u, y, δ, ∂y) or per neuron of the layer before (w, ∂w). */
export function formatRecordTable(record: IterationRecord, digits = 6): string {
  const parts: string[] = [];
  tableView(viewOfRecord(record), (c) => parts.push(c), digits);
  return parts.join('');
}

/** Writes the current iteration of the trainer as tables (no final newline), in chunks. */
export function writeIterationTable(trainer: Trainer, write: (chunk: string) => void, digits = 6): void {
  tableView(viewOfTrainer(trainer), write, digits);
}

/** Writes a record as CSV rows (iteration,epoch,loss,layer,quantity,row,column,value), each ending in \n; NaN and ±Infinity as NaN, Infinity, -Infinity. */
export function writeRecordCsv(record: IterationRecord, write: (chunk: string) => void): void {
  csvView(viewOfRecord(record), write);
}

/** The same from the trainer's current iteration. */
export function writeIterationCsv(trainer: Trainer, write: (chunk: string) => void): void {
  csvView(viewOfTrainer(trainer), write);
}

export const CSV_HEADER = 'iteration,epoch,loss,layer,quantity,row,column,value\n';

function csvView(v: View, write: (chunk: string) => void): void {
  const out = new Chunker(write);
  const head = `${v.iteration},${v.epoch},${v.loss}`;
  const grid = (l: number, q: string, g: Grid): void => {
    const rows = g.vector ? 1 : g.rows;
    for (let r = 0; r < rows; r++) for (let c = 0; c < g.cols; c++) out.add(`${head},${l},${q},${r},${c},${g.at(r, c)}\n`);
  };
  grid(0, 'y', v.input);
  v.layers.forEach((layer, i) => {
    for (const key of ['u', 'y', 'delta', 'dy', 'dw', 'db', 'w', 'b'] as const) grid(i + 1, key, layer[key]);
    if (layer.mask) grid(i + 1, 'mask', layer.mask);
    for (const [slot, { w, b }] of layer.slots) {
      if (w) grid(i + 1, `${slot}.w`, w);
      if (b) grid(i + 1, `${slot}.b`, b);
    }
  });
  out.flush();
}

// A student's trace, read and checked against the network it claims to trace: JSON Lines in the format of
// `node dist/cli.js trace` (one object per iteration), any subset of its fields, layers and iterations.
// Every refusal names its line and field ("line 3, layers[2].dw[0][1]: …"); nothing here compares values.
// Imports only the engine.

import { OPTIMIZER_SLOTS, type OptimizerSlot } from '../engine/optimizers';
import { isQuantity, isPerSample, type Quantity } from '../engine/quantities';
import type { NetworkSpec } from '../engine/spec';

/** An optimizer's state of w or b after the update, as the trace writes it: "m": { "w": …, "b": … } → 'm.w', 'm.b'. */
export type SlotField = `${OptimizerSlot}.${'w' | 'b'}`;

/** Every per-layer field a trace may hold: the notes' quantities, dropout's mask, the optimizer's state. */
export type TraceField = Quantity | 'mask' | SlotField;

export function isSlotField(f: TraceField): f is SlotField {
  return f.includes('.');
}

/** One matrix of the student's, row-major; `transposed` when it came as [fan-out][fan-in] (w, ∂w only). */
export interface Given {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  readonly transposed: boolean;
}

/** One line of the trace: the numbers it holds for one iteration. */
export interface StudentRecord {
  /** 1-based line in the file */
  readonly line: number;
  readonly iteration: number;
  readonly epoch?: number;
  readonly samples?: readonly number[];
  readonly loss?: number;
  /** updates done after this iteration's (the engine's `t`: the iteration) */
  readonly t?: number;
  /** per layer index (0 = the inputs, only y), the fields given */
  readonly layers: ReadonlyMap<number, ReadonlyMap<TraceField, Given>>;
}

export interface StudentTrace {
  /** by iteration, in the file's order (increasing) */
  readonly records: ReadonlyMap<number, StudentRecord>;
  readonly lastIteration: number;
}

/** Why a trace cannot be compared: where, and what. */
export interface TraceProblem {
  readonly line: number;
  /** the field's path, e.g. "layers[2].dw[0][1]" (empty when the whole line is at fault) */
  readonly field: string;
  readonly message: string;
}

/** The problem as one sentence: "my.trace.jsonl:3: layers[2].dw: …". */
export function formatProblem(file: string, p: TraceProblem): string {
  return `${file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

const TOP_FIELDS = ['iteration', 'epoch', 'samples', 'loss', 't', 'layers'];
const LAYER_FIELDS = ['u', 'y', 'delta', 'dy', 'dw', 'db', 'w', 'b', 'mask', 'v', 'h', 'm'];

class Refusal extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** How many samples iteration i's batch holds (the last batch of an epoch may be short). */
export function batchSizeOf(spec: NetworkSpec, iteration: number): number {
  const N = spec.data.inputs.rows;
  const B = spec.batch.size;
  const batches = Math.ceil(N / B);
  const first = ((iteration - 1) % batches) * B;
  return Math.min(B, N - first);
}

/** The iterations a network file trains. */
export function totalIterations(spec: NetworkSpec): number {
  return Math.ceil(spec.data.inputs.rows / spec.batch.size) * spec.epochs;
}

const SENTINEL = '\u0000nonfinite:';

/** A line that JSON.parse refused: if bare NaN / Infinity tokens (Python's json.dumps writes them) are the cause, where the first is. */
function bareNonFinite(text: string): { path: string; token: string } | undefined {
  let out = '';
  let inString = false;
  let found = false;
  for (let x = 0; x < text.length; x++) {
    const ch = text[x];
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++x] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    const m = /^-?(NaN|Infinity)/.exec(text.slice(x, x + 9));
    if (m) {
      out += JSON.stringify(SENTINEL + m[0]);
      x += m[0].length - 1;
      found = true;
      continue;
    }
    out += ch;
  }
  if (!found) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(out);
  } catch {
    return undefined;
  }
  const search = (v: unknown, path: string): { path: string; token: string } | undefined => {
    if (typeof v === 'string' && v.startsWith(SENTINEL)) return { path, token: v.slice(SENTINEL.length) };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const r = search(v[i], `${path}[${i}]`);
        if (r) return r;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const r = search(x, path ? `${path}.${k}` : k);
        if (r) return r;
      }
    }
    return undefined;
  };
  return search(value, '');
}

/** A number of the trace: a JSON number, or "NaN", "Infinity", "-Infinity" as the engine writes them. */
function numberAt(v: unknown, field: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Refusal(field, `${shown(v)} is not a number (numbers are JSON numbers, or the strings "NaN", "Infinity", "-Infinity")`);
}

function shown(v: unknown): string {
  const text = v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function wholeNumber(v: unknown, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Refusal(field, `must be a whole number of at least ${min} (not ${shown(v)})`);
  return v;
}

/** A [rows][cols] list of lists (or, for a vector, a list of cols) as a Given; w and ∂w may come transposed. */
function matrixAt(v: unknown, field: string, rows: number, cols: number, what: string, vector: boolean, mayTranspose: boolean): Given {
  if (vector) {
    if (!Array.isArray(v)) throw new Refusal(field, `must be a list of ${cols} numbers (${what}), not ${shown(v)}`);
    if (v.length !== cols) throw new Refusal(field, `has ${v.length} numbers; it must have ${cols} (${what})`);
    const data = new Float64Array(cols);
    for (let c = 0; c < cols; c++) data[c] = numberAt(v[c], `${field}[${c}]`);
    return { rows: 1, cols, data, transposed: false };
  }
  if (!Array.isArray(v) || (v.length > 0 && !Array.isArray(v[0]))) throw new Refusal(field, `must be a list of ${rows} rows of ${cols} numbers (${what}), not ${shown(v)}`);
  const rowsGiven = v.length;
  const colsGiven = (v[0] as unknown[] | undefined)?.length ?? 0;
  // ∂w as [fan-out][fan-in] (Δᵀ Y instead of Yᵀ Δ) is a mistake to point at, not a file to refuse
  const transposed = mayTranspose && rows !== cols && rowsGiven === cols && colsGiven === rows;
  const [R, C] = transposed ? [cols, rows] : [rows, cols];
  if (rowsGiven !== R) throw new Refusal(field, `has ${rowsGiven} rows; it must be ${rows} × ${cols} (${what})`);
  const data = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    const row = v[r] as unknown;
    if (!Array.isArray(row)) throw new Refusal(`${field}[${r}]`, `must be a list of ${C} numbers, not ${shown(row)}`);
    if (row.length !== C) throw new Refusal(`${field}[${r}]`, `has ${row.length} numbers; it must be ${rows} × ${cols} (${what})`);
    for (let c = 0; c < C; c++) data[r * C + c] = numberAt(row[c], `${field}[${r}][${c}]`);
  }
  return { rows: R, cols: C, data, transposed };
}

function readLayer(v: unknown, l: number, spec: NetworkSpec, n: number): Map<TraceField, Given> | undefined {
  const field = `layers[${l}]`;
  if (v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new Refusal(field, `must be an object of quantities (or null for a layer left out), not ${shown(v)}`);
  const out = new Map<TraceField, Given>();
  const layer = spec.layers[l];
  const size = layer.size;
  const fanIn = l > 0 ? spec.layers[l - 1].size : 0;
  const slots: readonly string[] = OPTIMIZER_SLOTS[spec.optimizer.name];
  for (const [key, x] of Object.entries(v as Record<string, unknown>)) {
    const at = `${field}.${key}`;
    if (!LAYER_FIELDS.includes(key)) throw new Refusal(at, `unknown field "${key}" (a layer's fields: ${LAYER_FIELDS.join(', ')})`);
    if (l === 0 && key !== 'y') throw new Refusal(at, `layer 0 holds the inputs: only "y" ([sample][input])`);
    if (key === 'mask') {
      if (!(layer.dropout > 0)) throw new Refusal(at, `layer ${l} has no dropout: there is no mask to compare`);
      out.set('mask', matrixAt(x, at, n, size, `[sample][neuron]: 1 kept, 0 dropped`, false, false));
      continue;
    }
    if (key === 'v' || key === 'h' || key === 'm') {
      if (!slots.includes(key)) throw new Refusal(at, `the network's optimizer (${spec.optimizer.name}) keeps ${slots.length ? `only ${slots.join(', ')}` : 'no state'}`);
      if (!x || typeof x !== 'object' || Array.isArray(x)) throw new Refusal(at, `must be an object { "w": [[…]], "b": […] } (the state after the update), not ${shown(x)}`);
      for (const [p, y] of Object.entries(x as Record<string, unknown>)) {
        if (p !== 'w' && p !== 'b') throw new Refusal(`${at}.${p}`, `unknown field "${p}" (the state of "w" and of "b")`);
        if (!(p === 'w' ? layer.trainWeights : layer.trainBiases)) throw new Refusal(`${at}.${p}`, `layer ${l}'s ${p} is frozen: it keeps no optimizer state`);
        out.set(`${key}.${p}`, p === 'w' ? matrixAt(y, `${at}.w`, fanIn, size, `[j][k]: a row per neuron of layer ${l - 1}`, false, true) : matrixAt(y, `${at}.b`, 1, size, `one per neuron of layer ${l}`, true, false));
      }
      continue;
    }
    if (!isQuantity(key)) throw new Refusal(at, `unknown field "${key}"`);
    if (isPerSample(key)) out.set(key, matrixAt(x, at, n, size, `[sample][neuron]: this iteration's batch of ${n} × layer ${l}'s ${size} neurons`, false, false));
    else if (key === 'w' || key === 'dw') out.set(key, matrixAt(x, at, fanIn, size, `[j][k]: a row per neuron of layer ${l - 1}`, false, true));
    else out.set(key, matrixAt(x, at, 1, size, `one per neuron of layer ${l}`, true, false));
  }
  return out;
}

/** Reads one line's object (the iteration it is for decided by the caller when absent). */
function readRecord(value: unknown, line: number, spec: NetworkSpec, previous: number): StudentRecord {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Refusal('', `must be one JSON object per line (an iteration's record), not ${shown(value)}`);
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!TOP_FIELDS.includes(key)) throw new Refusal(key, `unknown field "${key}" (a line's fields: ${TOP_FIELDS.join(', ')})`);
  }
  const total = totalIterations(spec);
  const iteration = o.iteration === undefined ? previous + 1 : wholeNumber(o.iteration, 'iteration', 1);
  if (iteration <= previous) throw new Refusal('iteration', `iteration ${iteration} comes after iteration ${previous}: lines must go forward in time`);
  if (iteration > total) throw new Refusal('iteration', `the network file trains ${total} iterations, not ${iteration}`);
  const n = batchSizeOf(spec, iteration);
  const epoch = o.epoch === undefined ? undefined : wholeNumber(o.epoch, 'epoch', 1);
  let samples: number[] | undefined;
  if (o.samples !== undefined) {
    if (!Array.isArray(o.samples)) throw new Refusal('samples', `must be a list of ${n} sample indices, not ${shown(o.samples)}`);
    if (o.samples.length !== n) throw new Refusal('samples', `has ${o.samples.length} indices; iteration ${iteration}'s batch has ${n} samples`);
    samples = o.samples.map((s, i) => wholeNumber(s, `samples[${i}]`, 0));
  }
  const loss = o.loss === undefined ? undefined : numberAt(o.loss, 'loss');
  const t = o.t === undefined ? undefined : wholeNumber(o.t, 't', 0);
  const layers = new Map<number, Map<TraceField, Given>>();
  if (o.layers !== undefined) {
    const L = spec.layers.length - 1;
    let entries: [number, unknown][];
    if (Array.isArray(o.layers)) {
      if (o.layers.length > L + 1) throw new Refusal('layers', `has ${o.layers.length} layers; the network has ${L + 1} (layer 0 the inputs … layer ${L})`);
      entries = o.layers.map((x, l) => [l, x]);
    } else if (o.layers && typeof o.layers === 'object') {
      // { "2": {…} }: only some layers, by number
      entries = Object.entries(o.layers as Record<string, unknown>).map(([k, x]) => {
        const l = Number(k);
        if (!/^\d+$/.test(k) || l > L) throw new Refusal(`layers.${k}`, `is not a layer of the network (0 … ${L})`);
        return [l, x];
      });
    } else throw new Refusal('layers', `must be a list with an object per layer (layer 0 the inputs), not ${shown(o.layers)}`);
    for (const [l, x] of entries) {
      const q = readLayer(x, l, spec, n);
      if (q && q.size) layers.set(l, q);
    }
  }
  return { line, iteration, epoch, samples, loss, t, layers };
}

/** Reads and checks a whole trace (blank lines skipped). Pure. */
export function readTrace(text: string, spec: NetworkSpec): { ok: true; trace: StudentTrace } | { ok: false; problem: TraceProblem } {
  const records = new Map<number, StudentRecord>();
  let previous = 0;
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
  for (let x = 0; x < lines.length; x++) {
    const line = x + 1;
    const source = lines[x];
    if (source.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (e) {
      const bare = bareNonFinite(source);
      if (bare) {
        return {
          ok: false,
          problem: { line, field: bare.path, message: `${bare.token} is not JSON: write it as the string "${bare.token}" (Python's json.dumps writes a bare ${bare.token.replace('-', '')}; see the trace format)` },
        };
      }
      return { ok: false, problem: { line, field: '', message: `not JSON: ${(e as Error).message}` } };
    }
    try {
      const record = readRecord(value, line, spec, previous);
      records.set(record.iteration, record);
      previous = record.iteration;
    } catch (e) {
      if (e instanceof Refusal) return { ok: false, problem: { line, field: e.field, message: e.message } };
      throw e;
    }
  }
  if (records.size === 0) return { ok: false, problem: { line: 1, field: '', message: 'the trace holds no line: one JSON object per iteration, e.g. {"iteration": 1, "loss": 0.298}' } };
  return { ok: true, trace: { records, lastIteration: previous } };
}

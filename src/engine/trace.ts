// The headless trace: one record per iteration with every quantity of every layer, as JSON Lines or
// as aligned tables a teacher can paste into a handout. A record is taken after the backward pass and
// before the update, so `w` and `b` are the values the iteration's forward pass used.
// Imports nothing outside the engine.

import { toRows } from './matrix';
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
}

export interface IterationRecord {
  iteration: number;
  epoch: number;
  samples: number[];
  loss: number;
  layers: [InputLayerRecord, ...LayerRecord[]];
}

/** The record of the current iteration; call it after the backward pass, before the update (does not mutate). */
export function iterationRecord(trainer: Trainer): IterationRecord {
  const n = trainer.batchSize;
  const [input, ...rest] = trainer.layers;
  return {
    iteration: trainer.iteration,
    epoch: trainer.epoch,
    samples: Array.from(trainer.samples.subarray(0, n)),
    loss: trainer.lossValue,
    layers: [
      { y: toRows(input.y, n) },
      ...rest.map((l) => ({
        u: toRows(l.u, n),
        y: toRows(l.y, n),
        delta: toRows(l.delta, n),
        dy: toRows(l.dy, n),
        dw: toRows(l.dw),
        db: Array.from(l.db),
        w: toRows(l.w),
        b: Array.from(l.b),
      })),
    ],
  };
}

export interface TraceOptions {
  /** how many iterations to run (default: all of them) */
  iterations?: number;
  /** record iteration 1, every K-th and the last (default 1: all) */
  every?: number;
}

/** Runs the trainer, calling `emit` with the record of iteration 1, every K-th and the last (mutates trainer). */
export function trace(trainer: Trainer, options: TraceOptions, emit: (record: IterationRecord) => void): void {
  const last = Math.min(options.iterations ?? trainer.totalIterations, trainer.totalIterations);
  const every = Math.max(1, options.every ?? 1);
  const beforeUpdate = trainer.stops.length - 1;
  while (trainer.iteration <= last) {
    const t = trainer.iteration;
    if (t === 1 || t % every === 0 || t === last) {
      while (trainer.position < beforeUpdate) trainer.step();
      emit(iterationRecord(trainer));
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

function table(title: string, rows: number[][], rowLabel: (r: number) => string, colLabel: (c: number) => string, digits: number): string[] {
  const cells = rows.map((row) => row.map((v) => formatNumber(v, digits)));
  const cols = rows[0]?.length ?? 0;
  const labelWidth = Math.max(title.length, ...rows.map((_, r) => rowLabel(r).length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(colLabel(c).length, ...cells.map((row) => row[c].length)));
  const line = (label: string, values: string[]): string => `  ${label.padEnd(labelWidth)}  ${values.map((v, c) => v.padStart(widths[c])).join('  ')}`.trimEnd();
  return [
    line(title, Array.from({ length: cols }, (_, c) => colLabel(c))),
    ...cells.map((row, r) => line(rowLabel(r), row)),
  ];
}

/** The record as aligned plain-text tables, rows per sample (u, y, δ, ∂y) or per neuron of the layer before (w, ∂w). */
export function formatRecordTable(record: IterationRecord, digits = 6): string {
  const out: string[] = [];
  out.push(`iteration ${record.iteration} · epoch ${record.epoch} · samples ${record.samples.join(', ')} · E = ${formatNumber(record.loss, digits)}`);
  const sample = (r: number): string => `s${record.samples[r]}`;
  const neuron = (c: number): string => String(c);
  out.push('', 'layer 0 (input)', ...table('y', record.layers[0].y, sample, neuron, digits));
  const L = record.layers.length - 1;
  record.layers.slice(1).forEach((raw, i) => {
    const l = raw as LayerRecord;
    const layer = i + 1;
    // the notes' letters: the output layer is k with j before it; a hidden layer is j with i before it
    const self = layer === L ? 'k' : 'j';
    const prev = layer === L ? 'j' : 'i';
    out.push('', `layer ${layer}`);
    for (const [name, rows] of [['u', l.u], ['y', l.y], ['∂y', l.dy], ['δ', l.delta]] as const) out.push(...table(name, rows, sample, neuron, digits));
    out.push(...table('w', l.w, (r) => `${prev}=${r}`, (c) => `${self}=${c}`, digits));
    out.push(...table('∂w', l.dw, (r) => `${prev}=${r}`, (c) => `${self}=${c}`, digits));
    out.push(...table('b', [l.b], () => '', neuron, digits));
    out.push(...table('∂b', [l.db], () => '', neuron, digits));
  });
  return out.join('\n');
}

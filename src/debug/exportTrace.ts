// Export Trace, streamed: the records of iterations from…to go to a file in chunks of at most CHUNK_CHARS,
// never as one string (784-128-10's 320 iterations are about 1.5 GB as JSON Lines). Each record is the
// state before the iteration's update, reached by travelling there (one checkpoint interval of replay at
// most). The steps are short, so the adapter runs them as a Job with progress and Cancel; the size is
// estimated first, for the user to confirm. Imports the engine and the job's Progress type.

import { closeSync, openSync, renameSync, rmSync, writeSync } from 'fs';
import { isAbsolute, resolve } from 'path';
import { CSV_HEADER, writeIterationTable } from '../engine/trace';
import { csvRecordRows, jsonRecordRows } from '../engine/traceRows';
import type { Trainer } from '../engine/trainer';
import type { ExportTraceArguments, TraceFormat } from '../protocol/dap';
import type { Progress } from './jobs';

/** the trace's formats (the custom request's) */
export type ExportFormat = TraceFormat;

export interface ExportRange {
  readonly from: number;
  readonly to: number;
  readonly format: ExportFormat;
}

/** characters gathered before a write */
const CHUNK_CHARS = 1 << 20;
/** an export up to this size needs no confirmation (bytes) */
export const UNCONFIRMED_EXPORT_BYTES = 16 * 1024 * 1024;

/** How many numbers one record holds (the batch at its fullest). */
function numbersPerRecord(trainer: Trainer): { numbers: number; rows: number } {
  const n = Math.min(trainer.spec.batch.size, trainer.spec.data.inputs.rows);
  let numbers = n + n * trainer.layers[0].size;
  let rows = n;
  for (let l = 1; l < trainer.layers.length; l++) {
    const layer = trainer.layers[l];
    numbers += 4 * n * layer.size + 2 * layer.w.data.length + 2 * layer.size;
    rows += 4 * n + 2 * layer.w.rows + 2;
  }
  return { numbers, rows };
}

/** Characters a number takes in the text, on average over (up to 4096 of) the current weights. */
function charsPerNumber(trainer: Trainer): number {
  let chars = 0;
  let count = 0;
  for (let l = 1; l < trainer.layers.length && count < 4096; l++) {
    const w = trainer.layers[l].w.data;
    const step = Math.max(1, Math.floor(w.length / 2048));
    for (let x = 0; x < w.length && count < 4096; x += step, count++) chars += String(w[x]).length;
  }
  return count ? chars / count : 20;
}

/** The size of the export in bytes, about (within a few per cent for JSON Lines and CSV). */
export function estimateExport(trainer: Trainer, range: ExportRange): number {
  const { numbers, rows } = numbersPerRecord(trainer);
  const records = range.to - range.from + 1;
  const c = charsPerNumber(trainer);
  const layers = trainer.layers.length;
  switch (range.format) {
    case 'jsonl':
      return Math.round(records * (numbers * (c + 1) + rows * 2 + layers * 60 + 80));
    case 'csv': {
      // each number is a line: iteration, epoch, loss, layer, quantity, row, column, value
      const head = String(range.to).length + String(Math.ceil(range.to / trainer.batchesPerEpoch)).length + 22;
      return Math.round(records * numbers * (head + 14 + c));
    }
    case 'table':
      return Math.round(records * (numbers * 12 + rows * 12));
  }
}

/**
 * What an Export Trace request asks for: iterations from…to clamped to the run (`from` defaults to the
 * current iteration, `to` to `from`), the size it takes, and the file to write — absent when only the size
 * is asked. Refuses a relative path (it would land wherever the adapter stands) and a size over
 * UNCONFIRMED_EXPORT_BYTES unless `confirmedBytes` is at least as large (the host asks the user first).
 */
export function planExport(trainer: Trainer, a: ExportTraceArguments): { range: ExportRange; bytes: number; path?: string } {
  const clamp = (x: number): number => Math.min(Math.max(1, x), trainer.totalIterations);
  const from = clamp(a.from ?? trainer.iteration);
  const to = Math.max(from, clamp(a.to ?? from));
  const range: ExportRange = { from, to, format: a.format };
  const bytes = estimateExport(trainer, range);
  if (a.path === undefined) return { range, bytes };
  // the host sends the absolute path the user chose
  if (!isAbsolute(a.path)) throw new Error('"path" must be the absolute path of the file to write');
  if (bytes > Math.max(UNCONFIRMED_EXPORT_BYTES, a.confirmedBytes)) {
    throw new Error(`the export of iterations ${from}–${to} takes about ${megabytes(bytes)}: confirm this size first (confirmedBytes)`);
  }
  return { range, bytes, path: resolve(a.path) };
}

function megabytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.max(0.1, bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** Gathers text and writes it to a file descriptor in chunks. */
class Chunks {
  private parts: string[] = [];
  private chars = 0;
  bytes = 0;

  constructor(private readonly fd: number) {}

  push(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= CHUNK_CHARS) this.flush();
  }

  flush(): void {
    if (!this.parts.length) return;
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.chars = 0;
    let at = 0;
    while (at < buffer.length) at += writeSync(this.fd, buffer, at, buffer.length - at);
    this.bytes += buffer.length;
  }
}

/**
 * Writes the records of iterations from…to to `path` (through `path.part`, renamed at the end) and puts the
 * trainer back where it stood. Yields progress between short steps; `return()` on the iterator (a cancel)
 * removes the partial file and puts the trainer back as well.
 */
export function* exportSteps(trainer: Trainer, range: ExportRange, path: string): Generator<Progress | void, { bytes: number; iterations: number }, void> {
  const here = { iteration: trainer.iteration, position: trainer.position };
  const part = `${path}.part`;
  const fd = openSync(part, 'w');
  const out = new Chunks(fd);
  let complete = false;
  try {
    const beforeUpdate = trainer.stops.length - 1;
    const of = range.to - range.from + 1;
    if (range.format === 'csv') out.push(CSV_HEADER);
    for (let t = range.from; t <= range.to; t++) {
      yield* trainer.travel(t, beforeUpdate);
      switch (range.format) {
        case 'jsonl':
          yield* jsonRecordRows(trainer, (text) => out.push(text));
          break;
        case 'csv':
          yield* csvRecordRows(trainer, (text) => out.push(text));
          break;
        case 'table':
          if (t > range.from) out.push('\n\n');
          writeIterationTable(trainer, (chunk) => out.push(chunk));
          break;
      }
      yield { done: t - range.from + 1, of };
    }
    if (range.format === 'table') out.push('\n');
    out.flush();
    complete = true;
  } finally {
    closeSync(fd);
    if (complete) renameSync(part, path);
    else rmSync(part, { force: true });
    // back where the user stood: at most one checkpoint interval of replay
    trainer.seek(here.iteration, here.position);
  }
  return { bytes: out.bytes, iterations: range.to - range.from + 1 };
}

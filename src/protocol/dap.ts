// The custom DAP messages between the debug adapter and the extension host, typed in one place (as
// js-debug's `Dap.*`): each custom request's name, its arguments and its result, the custom event and
// its body, and the one parser per request the adapter reads arguments with. The host asks through a
// typed `request()` (no casts of `customRequest`'s result); the adapter answers with these result types.
// Imports engine and protocol types only; never `vscode` or @vscode/debugadapter.

import type { GradientCheckResult } from '../engine/gradcheck';
import type { StateDelta } from './delta';
import { DEFAULT_GRID, MAX_GRID, type PredictionResult } from './prediction';
import type { StateSnapshot } from './snapshot';
import { clampPace, type Pace } from './pace';
import type { WorkedIterationWire } from '../export/workedIteration';

/** The one thread of a training run: every `threadId` of the adapter's requests and events. */
export const THREAD_ID = 1;

/** The custom event that carries the state at a stop, as a StateDelta against the event before (delta.ts). */
export const STATE_EVENT = 'backprop.state';

/** The custom requests the adapter answers (VS Code's `session.customRequest`). */
export const REQUESTS = {
  /** → the StateSnapshot of the current stop */
  snapshot: 'backprop.snapshot',
  /** { iteration, position? } → time-travel there (the debugger stops with reason 'goto') */
  seek: 'backprop.seek',
  /** { maxPerLayer? } → GradientCheckResult */
  gradientCheck: 'backprop.gradientCheck',
  /** { from, to, format, path?, confirmedBytes? } → the size (no path) or the file written */
  exportTrace: 'backprop.exportTrace',
  /** { from? } → the recorded losses (Float64, base64) from iteration `from` */
  lossHistory: 'backprop.lossHistory',
  /** { perSecond, unit } → the Pace Continue runs at from now on ("animate"; 0: full speed) */
  setPace: 'backprop.setPace',
  /** { iteration? } → that iteration (default: the current one) as the worked example reads it (src/export/workedIteration.ts) */
  workedIteration: 'backprop.workedIteration',
  /** { grid? } → PredictionResult: the network's outputs on a grid and on the data at the current stop (prediction.ts) */
  predict: 'backprop.predict',
  /** { path } → CompareWithResult: compares the session with a student's trace from now on (src/debug/compareSession.ts) */
  compareWith: 'backprop.compareWith',
} as const;

export type TraceFormat = 'jsonl' | 'csv' | 'table';

export interface SeekArguments {
  /** iteration t, from 1 (clamped to the run's last) */
  readonly iteration: number;
  /** the stops done in it, 0 … S (clamped) */
  readonly position: number;
}

export interface GradientCheckArguments {
  /** entries checked per layer and quantity, at most (the rest are skipped; default 64) */
  readonly maxPerLayer: number;
}

export interface ExportTraceArguments {
  /** iterations from … to (clamped to the run; `to` not before `from`); absent: the current iteration */
  readonly from?: number;
  readonly to?: number;
  readonly format: TraceFormat;
  /** the absolute path of the file to write; absent: only the size is answered */
  readonly path?: string;
  /** the size the user confirmed (an export above 16 MB needs it at least as large) */
  readonly confirmedBytes: number;
}

export interface ExportTraceResult {
  /** bytes of the file: estimated without `path`, written with it */
  readonly bytes: number;
  readonly iterations: number;
  /** the range and format, as clamped */
  readonly from: number;
  readonly to: number;
  readonly format: TraceFormat;
  /** the file written (absent when only the size was asked) */
  readonly path?: string;
}

export interface LossHistoryArguments {
  /** the first iteration wanted, from 1 */
  readonly from: number;
}

export interface LossHistory {
  /** iteration of the first value */
  readonly from: number;
  /** Float64 values, base64 */
  readonly base64: string;
}

export interface PredictArguments {
  /** K: grid points per input (2 … MAX_GRID; default DEFAULT_GRID) */
  readonly grid: number;
}

export interface WorkedIterationArguments {
  /** iteration t, from 1 (clamped to the run); absent: the current iteration */
  readonly iteration?: number;
}

export interface CompareWithArguments {
  /** the trace's path (absolute, or relative to the network file's folder) */
  readonly path: string;
}

export interface CompareWithResult {
  readonly file: string;
  /** numbers that agreed before the first difference (all, when none differs) */
  readonly agreed: number;
  /** "12 numbers of your trace agreed before iteration 1 · backward · layer 1 · δ[0][0]" */
  readonly sentence: string;
  /** where the first difference is, to go there */
  readonly first?: { readonly iteration: number; readonly position: number };
}

/** Each custom request: its arguments and its result. */
export interface CustomRequests {
  'backprop.snapshot': { arguments: Record<string, never>; result: StateSnapshot };
  'backprop.seek': { arguments: SeekArguments; result: undefined };
  'backprop.gradientCheck': { arguments: GradientCheckArguments; result: GradientCheckResult };
  'backprop.exportTrace': { arguments: ExportTraceArguments; result: ExportTraceResult };
  'backprop.lossHistory': { arguments: LossHistoryArguments; result: LossHistory };
  'backprop.setPace': { arguments: Pace; result: Pace };
  'backprop.workedIteration': { arguments: WorkedIterationArguments; result: WorkedIterationWire };
  'backprop.predict': { arguments: PredictArguments; result: PredictionResult };
  'backprop.compareWith': { arguments: CompareWithArguments; result: CompareWithResult };
}

export type CustomRequest = keyof CustomRequests;

/** Each custom event: its body. */
export interface CustomEvents {
  'backprop.state': StateDelta;
}

/** Anything with VS Code's `customRequest` (a DebugSession); kept structural so this module needs no `vscode`. */
export interface RequestTarget {
  customRequest(command: string, args?: unknown): PromiseLike<unknown>;
}

/** Sends a custom request with arguments of its type and resolves with its result, typed. */
export async function request<K extends CustomRequest>(target: RequestTarget, command: K, args: Partial<CustomRequests[K]['arguments']> = {}): Promise<CustomRequests[K]['result']> {
  return (await target.customRequest(command, args)) as CustomRequests[K]['result'];
}

// --- the adapter's parsers of the arguments: what a client may send, read leniently as before
// (a number in a string is read, anything else falls back to the default); the adapter clamps to the run.

function fields(raw: unknown): Record<string, unknown> {
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
}

/** A whole number from `x` (floored), or `fallback` when `x` is not a number other than 0. */
function whole(x: unknown, fallback: number): number {
  return Math.floor(Number(x) || fallback);
}

/** The one parser per custom request of its arguments (an error's message names the argument). */
export const parseArguments: { [K in CustomRequest]: (raw: unknown) => CustomRequests[K]['arguments'] } = {
  'backprop.snapshot': () => ({}),
  'backprop.seek': (raw) => {
    const a = fields(raw);
    return { iteration: Math.max(1, whole(a.iteration, 1)), position: Math.max(0, whole(a.position, 0)) };
  },
  'backprop.gradientCheck': (raw) => {
    const a = fields(raw);
    return { maxPerLayer: typeof a.maxPerLayer === 'number' && a.maxPerLayer >= 0 ? a.maxPerLayer : 64 };
  },
  'backprop.exportTrace': (raw) => {
    const a = fields(raw);
    // the host sends the absolute path the user chose; a relative one would land wherever the adapter stands
    if (a.path !== undefined && typeof a.path !== 'string') throw new Error('"path" must be the absolute path of the file to write');
    return {
      from: Number(a.from) ? whole(a.from, 1) : undefined,
      to: Number(a.to) ? whole(a.to, 1) : undefined,
      format: a.format === 'csv' || a.format === 'table' ? a.format : 'jsonl',
      path: a.path,
      confirmedBytes: typeof a.confirmedBytes === 'number' ? a.confirmedBytes : 0,
    };
  },
  'backprop.lossHistory': (raw) => ({ from: Math.max(1, whole(fields(raw).from, 1)) }),
  'backprop.setPace': (raw) => clampPace(raw),
  'backprop.workedIteration': (raw) => ({ iteration: Number(fields(raw).iteration) ? Math.max(1, whole(fields(raw).iteration, 1)) : undefined }),
  'backprop.predict': (raw) => ({ grid: Math.min(MAX_GRID, Math.max(2, whole(fields(raw).grid, DEFAULT_GRID))) }),
  'backprop.compareWith': (raw) => {
    const a = fields(raw);
    if (typeof a.path !== 'string' || a.path.trim() === '') throw new Error('"path" must be the path of the trace to compare with');
    return { path: a.path };
  },
};

export function isCustomRequest(command: string): command is CustomRequest {
  return Object.prototype.hasOwnProperty.call(parseArguments, command);
}

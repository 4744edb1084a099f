// The one typed protocol between the extension host and the inspector webview. Both sides import
// it; each validates what it receives with the guards below and ignores anything else.
// Imports engine and protocol types and the engine's list of quantities only.

import type { GradientCheckEntry, GradientCheckResult } from '../engine/gradcheck';
import type { StateDelta } from './delta';
import { QUANTITIES } from '../engine/quantities';
import { base64ToBytes } from './buffers';
import { MAX_PER_SECOND, type Pace } from './pace';

export type DebugCommand = 'stepOver' | 'stepIn' | 'stepOut' | 'stepBack' | 'continue' | 'reverseContinue' | 'pause';
export const DEBUG_COMMANDS: readonly DebugCommand[] = ['stepOver', 'stepIn', 'stepOut', 'stepBack', 'continue', 'reverseContinue', 'pause'];

export type ExportFormat = 'jsonl' | 'csv' | 'table';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'table'];

/** Messages from the host to the webview. */
export type ToWebview =
  /** the state at the current stop, as a delta against the state posted before (the whole state after `ready`) */
  | { readonly type: 'state'; readonly state: StateDelta }
  /** losses of iterations from, from + 1, … (Float64 base64), appended to the loss curve */
  | { readonly type: 'losses'; readonly from: number; readonly base64: string }
  /** the answer to a gradient check */
  | { readonly type: 'gradientCheck'; readonly result: GradientCheckResult }
  /** the session ended (the last state stays on screen) */
  | { readonly type: 'ended' }
  /** a running session (continuing): the state shown is the last stop's */
  | { readonly type: 'running' }
  /** show and select layer l (from the Run-and-Debug view) */
  | { readonly type: 'reveal'; readonly layer: number }
  /** display settings */
  | { readonly type: 'settings'; readonly digits: number; readonly locale: string }
  /** the pace Continue runs at ("animate"), for the slider */
  | ({ readonly type: 'pace' } & Pace)
  /** the learned function at a stop (the answer to `predict`; checked and decoded by toPredictionView in prediction.ts) */
  | { readonly type: 'prediction'; readonly result: unknown }
  /** `predict` was refused (an export holds the trainer, the session is busy): the panel may ask again */
  | { readonly type: 'predictionRefused' };

/** Messages from the webview to the host. */
export type FromWebview =
  /** the webview is ready to receive (sent once after load) */
  | { readonly type: 'ready' }
  /** run a debugger command on the active backprop session */
  | { readonly type: 'command'; readonly command: DebugCommand }
  /** time-travel to the start (position 0) or a stop of an iteration */
  | { readonly type: 'seek'; readonly iteration: number; readonly position?: number }
  /** run the gradient check at the current state */
  | { readonly type: 'gradientCheck' }
  /** export iterations from … to in a format */
  | { readonly type: 'export'; readonly from: number; readonly to: number; readonly format: ExportFormat }
  /** set the pace of Continue (0: full speed) */
  | ({ readonly type: 'pace' } & Pace)
  /** the learned function at the current stop, on a grid of `grid` points per input */
  | { readonly type: 'predict'; readonly grid: number };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A whole number from min to max: the one check of every count and index that arrives in a message. */
export function isWhole(x: unknown, min: number, max = Number.MAX_SAFE_INTEGER): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

/** A pace message: 0 … MAX_PER_SECOND a second, of iterations or epochs; undefined for anything else. */
function parsePace(x: Record<string, unknown>): ({ type: 'pace' } & Pace) | undefined {
  const n = x.perSecond;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_PER_SECOND || (x.unit !== 'iteration' && x.unit !== 'epoch')) return undefined;
  return { type: 'pace', perSecond: n, unit: x.unit };
}

/** Checks a message from the webview; undefined for anything malformed. */
export function parseFromWebview(x: unknown): FromWebview | undefined {
  if (!isObject(x)) return undefined;
  switch (x.type) {
    case 'ready':
    case 'gradientCheck':
      return { type: x.type };
    case 'command':
      return DEBUG_COMMANDS.includes(x.command as DebugCommand) ? { type: 'command', command: x.command as DebugCommand } : undefined;
    case 'seek':
      if (!isWhole(x.iteration, 1) || (x.position !== undefined && !isWhole(x.position, 0))) return undefined;
      return { type: 'seek', iteration: x.iteration, position: x.position as number | undefined };
    case 'export':
      if (!isWhole(x.from, 1) || !isWhole(x.to, 1) || x.to < x.from || !EXPORT_FORMATS.includes(x.format as ExportFormat)) return undefined;
      return { type: 'export', from: x.from, to: x.to, format: x.format as ExportFormat };
    case 'predict':
      return isWhole(x.grid, 2, 200) ? { type: 'predict', grid: x.grid } : undefined;
    case 'pace':
      return parsePace(x);
    default:
      return undefined;
  }
}

function isEncodedMatrix(x: unknown): boolean {
  return isObject(x) && isWhole(x.rows, 0) && isWhole(x.cols, 0) && typeof x.base64 === 'string';
}

/** A matrix of a delta: encoded, or `{ unchanged: true }`. */
function isMatrixOfDelta(x: unknown): boolean {
  return isEncodedMatrix(x) || (isObject(x) && x.unchanged === true && Object.keys(x).length === 1);
}

/**
 * The values of a `losses` message (E of iterations from, from + 1, …): its base64 decoded as Float64s;
 * undefined when it is not base64 of whole values. The host counts what it sent with it, the webview
 * draws it: both agree on what a message holds.
 */
export function decodeLosses(base64: string): Float64Array | undefined {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(base64);
  } catch {
    return undefined;
  }
  if (bytes.length % 8 !== 0) return undefined;
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice(); // Node's small buffers share a pool at any offset
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
}

/** One entry of a gradient check: a parameter of layer 1…64, its indices and three numbers (NaN allowed). */
function isGradientCheckEntry(e: unknown): e is GradientCheckEntry {
  return (
    isObject(e) &&
    isWhole(e.layer, 1, 64) &&
    (e.quantity === 'dw' || e.quantity === 'db') &&
    isWhole(e.j, 0) &&
    isWhole(e.k, 0) &&
    typeof e.analytic === 'number' &&
    typeof e.numeric === 'number' &&
    typeof e.relativeError === 'number'
  );
}

/** Checks a gradient check's result (at most 10⁶ entries, each whole); undefined for anything malformed. */
export function parseGradientCheckResult(x: unknown): GradientCheckResult | undefined {
  if (!isObject(x) || !Array.isArray(x.entries) || x.entries.length > 1_000_000 || !x.entries.every(isGradientCheckEntry)) return undefined;
  if (!isWhole(x.checked, 0) || !isWhole(x.total, 0)) return undefined;
  if (x.worst !== undefined && x.worst !== null && !isGradientCheckEntry(x.worst)) return undefined;
  return x as unknown as GradientCheckResult;
}

/**
 * Checks a message from the host; undefined for anything malformed (the webview ignores it). A state's
 * outline only: its sizes and matrices are checked, and decoded, by toStateView (stateView.ts).
 */
export function parseToWebview(x: unknown): ToWebview | undefined {
  if (!isObject(x)) return undefined;
  switch (x.type) {
    case 'state': {
      const s = x.state;
      if (!isObject(s) || !isWhole(s.iteration, 1) || !isWhole(s.position, 0) || !Array.isArray(s.layers) || !isObject(s.network)) return undefined;
      // a non-finite η crosses JSON as null (named in etaNonFinite)
      if (!isMatrixOfDelta(s.targets) || (typeof s.eta !== 'number' && s.eta !== null)) return undefined;
      for (const l of s.layers) {
        if (!isObject(l) || !isWhole(l.index, 0) || !isWhole(l.size, 1)) return undefined;
        for (const q of QUANTITIES) if (l[q] !== undefined && !isMatrixOfDelta(l[q])) return undefined;
      }
      return x as unknown as ToWebview;
    }
    case 'losses':
      return isWhole(x.from, 1) && typeof x.base64 === 'string' ? { type: 'losses', from: x.from, base64: x.base64 } : undefined;
    case 'gradientCheck': {
      const result = parseGradientCheckResult(x.result);
      return result ? { type: 'gradientCheck', result } : undefined;
    }
    case 'ended':
    case 'running':
      return { type: x.type };
    case 'reveal':
      return isWhole(x.layer, 0) ? { type: 'reveal', layer: x.layer } : undefined;
    case 'settings':
      return isWhole(x.digits, 1) && typeof x.locale === 'string' ? { type: 'settings', digits: x.digits, locale: x.locale } : undefined;
    case 'prediction':
      return isObject(x.result) ? { type: 'prediction', result: x.result } : undefined;
    case 'predictionRefused':
      return { type: 'predictionRefused' };
    case 'pace':
      return parsePace(x);
    default:
      return undefined;
  }
}

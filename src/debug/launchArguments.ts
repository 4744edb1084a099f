// The launch configuration's attributes, checked one by one: the adapter refuses a bad value with a
// message naming the field (a `historyMegabytes` of "64MB" once made the history budget NaN), and the
// host uses the same check to point at the field in launch.json. Imports only the pace's reader.

import { readAnimate, type Pace } from '../protocol/pace';

export type Granularity = 'stop' | 'layer' | 'iteration' | 'epoch';

export const GRANULARITIES: readonly Granularity[] = ['stop', 'layer', 'iteration', 'epoch'];

/** the history budget when none is given (MiB) */
export const DEFAULT_HISTORY_MEGABYTES = 256;
/** the largest history budget accepted (MiB): beyond it a typo (e.g. 256000) would exhaust memory */
export const MAX_HISTORY_MEGABYTES = 16384;

/** The attributes the adapter reads, after checking. */
export interface CheckedLaunch {
  readonly network: string;
  readonly stopOnEntry: boolean;
  readonly granularity: Granularity;
  readonly historyMegabytes: number;
  readonly explodingGradientThreshold: number;
  readonly vanishingGradientThreshold: number;
  /** log the DAP messages to the Debug Console (a bounded trace, off by default) */
  readonly trace: boolean;
  /** Continue's pace: iterations or epochs shown per second (0: full speed) */
  readonly animate: Pace;
  /** a student's trace (JSON Lines) to compare with, relative to the network file's folder or the workspace */
  readonly compareWith?: string;
}

/** A bad attribute: which one, and why, in a sentence that names it. */
export interface LaunchProblem {
  readonly field: keyof CheckedLaunch;
  readonly message: string;
}

function shown(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? String(v) : v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Checks every attribute the adapter reads; the first problem, or the values with defaults filled in. */
export function checkLaunch(args: unknown): { ok: true; value: CheckedLaunch } | { ok: false; problem: LaunchProblem } {
  const a = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
  const fail = (field: keyof CheckedLaunch, message: string): { ok: false; problem: LaunchProblem } => ({ ok: false, problem: { field, message } });
  if (typeof a.network !== 'string' || a.network.trim() === '') {
    return fail('network', a.network === undefined ? 'the launch configuration needs "network": the path of a *.backprop.json file' : `"network" must be the path of a *.backprop.json file (not ${shown(a.network)})`);
  }
  if (a.stopOnEntry !== undefined && typeof a.stopOnEntry !== 'boolean') return fail('stopOnEntry', `"stopOnEntry" must be true or false (not ${shown(a.stopOnEntry)})`);
  if (a.trace !== undefined && typeof a.trace !== 'boolean') return fail('trace', `"trace" must be true or false (not ${shown(a.trace)})`);
  if (a.compareWith !== undefined && (typeof a.compareWith !== 'string' || a.compareWith.trim() === '')) {
    return fail('compareWith', `"compareWith" must be the path of your trace, a .jsonl file (not ${shown(a.compareWith)})`);
  }
  if (a.granularity !== undefined && !GRANULARITIES.includes(a.granularity as Granularity)) {
    return fail('granularity', `"granularity" must be one of stop, layer, iteration, epoch (not ${shown(a.granularity)})`);
  }
  const number = (field: 'historyMegabytes' | 'explodingGradientThreshold' | 'vanishingGradientThreshold', fallback: number, rule: (x: number) => boolean, wanted: string): number | LaunchProblem => {
    const v = a[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || !rule(v)) return { field, message: `"${field}" must be ${wanted} (not ${shown(v)})` };
    return v;
  };
  const history = number('historyMegabytes', DEFAULT_HISTORY_MEGABYTES, (x) => x >= 1 && x <= MAX_HISTORY_MEGABYTES, `a number of megabytes from 1 to ${MAX_HISTORY_MEGABYTES}`);
  if (typeof history !== 'number') return { ok: false, problem: history };
  const exploding = number('explodingGradientThreshold', 1e3, (x) => x > 0, 'a number above 0');
  if (typeof exploding !== 'number') return { ok: false, problem: exploding };
  const vanishing = number('vanishingGradientThreshold', 1e-7, (x) => x >= 0, 'a number of 0 or more');
  if (typeof vanishing !== 'number') return { ok: false, problem: vanishing };
  const animate = readAnimate(a.animate);
  if (typeof animate === 'string') return fail('animate', animate);
  return {
    ok: true,
    value: {
      network: a.network,
      stopOnEntry: a.stopOnEntry !== false,
      granularity: (a.granularity as Granularity | undefined) ?? 'stop',
      historyMegabytes: history,
      explodingGradientThreshold: exploding,
      vanishingGradientThreshold: vanishing,
      trace: a.trace === true,
      animate,
      compareWith: a.compareWith as string | undefined,
    },
  };
}

// Continue's pace ("animate"): how many iterations, or epochs, a second a Continue shows, each one sent
// as a state; 0 is full speed (states only now and then, as always). One form for the launch attribute,
// the custom request and the inspector's slider. Imports nothing.

export type PaceUnit = 'iteration' | 'epoch';

export interface Pace {
  /** iterations (or epochs) shown per second; 0: full speed */
  readonly perSecond: number;
  readonly unit: PaceUnit;
}

/** the fastest pace: about a screen refresh */
export const MAX_PER_SECOND = 60;

export const FULL_SPEED: Pace = { perSecond: 0, unit: 'iteration' };

const KEYS: Record<string, PaceUnit> = { iterationsPerSecond: 'iteration', epochsPerSecond: 'epoch' };

function shown(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? 'null' : Array.isArray(v) ? 'a list' : JSON.stringify(v) ?? typeof v;
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * The launch attribute `"animate"`: `{ "iterationsPerSecond": 5 }` or `{ "epochsPerSecond": 2 }` (0 or
 * `false`: full speed; absent: full speed). The pace, or a sentence naming what is wrong.
 */
export function readAnimate(v: unknown): Pace | string {
  if (v === undefined || v === false) return FULL_SPEED;
  const wanted = `"animate" must be { "iterationsPerSecond": N } or { "epochsPerSecond": N } with N from 0 to ${MAX_PER_SECOND}`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${wanted} (not ${shown(v)})`;
  const keys = Object.keys(v);
  if (keys.length !== 1 || !(keys[0] in KEYS)) return `${wanted} (not ${shown(v)})`;
  const n = (v as Record<string, unknown>)[keys[0]];
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_PER_SECOND) return `${wanted} (not ${shown(n)})`;
  return { perSecond: n, unit: KEYS[keys[0]] };
}

/** A pace from a request or a message, read leniently: clamped to 0 … MAX_PER_SECOND, anything else full speed. */
export function clampPace(raw: unknown): Pace {
  const a = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const n = typeof a.perSecond === 'number' && Number.isFinite(a.perSecond) ? Math.min(MAX_PER_SECOND, Math.max(0, a.perSecond)) : 0;
  return { perSecond: n, unit: a.unit === 'epoch' ? 'epoch' : 'iteration' };
}

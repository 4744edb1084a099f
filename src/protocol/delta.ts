// Between two stops most matrices do not change (w only at the update, the inputs only with a new
// batch), so a state crosses each hop (adapter → host, host → webview) as a delta: a matrix equal to
// the one the receiver already has travels as `{ unchanged: true }`. For a 784-128-10 network that
// is tens of kilobytes a stop instead of megabytes. Works in Node and the browser; imports protocol types and the engine's list of quantities only.

import { QUANTITIES, type Quantity } from '../engine/quantities';
import type { EncodedMatrix } from './buffers';
import type { LayerSnapshot, StateSnapshot } from './snapshot';

/** In a delta: the same matrix as in the state before. */
export interface Unchanged {
  readonly unchanged: true;
}

export type LayerDelta = Omit<LayerSnapshot, Quantity> & { readonly [K in Quantity]?: EncodedMatrix | Unchanged };

/** A StateSnapshot whose matrices may be `{ unchanged: true }`. */
export type StateDelta = Omit<StateSnapshot, 'layers' | 'targets'> & {
  readonly layers: readonly LayerDelta[];
  readonly targets: EncodedMatrix | Unchanged;
};

export function isUnchanged(x: unknown): x is Unchanged {
  return typeof x === 'object' && x !== null && (x as Unchanged).unchanged === true;
}

function same(a: EncodedMatrix | undefined, b: EncodedMatrix | undefined): boolean {
  // the same object: applyDelta keeps an unchanged matrix's, so the host compares no megabytes of text
  return !!a && !!b && (a === b || (a.rows === b.rows && a.cols === b.cols && a.base64 === b.base64));
}

/** `next` with every matrix equal to prev's replaced by `{ unchanged: true }` (all of it when there is no prev). */
export function diffState(prev: StateSnapshot | undefined, next: StateSnapshot): StateDelta {
  const comparable = prev && prev.layers.length === next.layers.length;
  return {
    ...next,
    targets: comparable && same(prev.targets, next.targets) ? { unchanged: true } : next.targets,
    layers: next.layers.map((layer, l) => {
      const before = comparable ? prev.layers[l] : undefined;
      const out: Record<string, unknown> = { ...layer };
      for (const q of QUANTITIES) if (before && same(before[q], layer[q])) out[q] = { unchanged: true };
      return out as LayerDelta;
    }),
  };
}

/** The whole state again from the one before and a delta; undefined when the delta refers to a matrix prev lacks. */
export function applyDelta(prev: StateSnapshot | undefined, delta: StateDelta): StateSnapshot | undefined {
  const take = (mine: EncodedMatrix | Unchanged | undefined, theirs: EncodedMatrix | undefined): EncodedMatrix | undefined | null =>
    isUnchanged(mine) ? (theirs ?? null) : mine;
  if (isUnchanged(delta.targets) && !prev) return undefined;
  const targets = take(delta.targets, prev?.targets);
  if (!targets) return undefined;
  const layers: LayerSnapshot[] = [];
  for (let l = 0; l < delta.layers.length; l++) {
    const layer = delta.layers[l];
    const before = prev?.layers[l];
    const out: Record<string, unknown> = { ...layer };
    for (const q of QUANTITIES) {
      const m = take(layer[q], before?.[q]);
      if (m === null) return undefined;
      out[q] = m;
    }
    layers.push(out as unknown as LayerSnapshot);
  }
  return { ...delta, targets, layers };
}

// The inspector's view of one stop, read: which values changed since the previous stop, what a Step
// Into has formed so far, the largest entry. The view itself (StateView) is checked and decoded by the
// protocol (src/protocol/stateView.ts). Imports protocol and engine only; never vscode, never the DOM.

import type { Quantity } from '../src/engine/quantities';
import { formed, formedColumns } from '../src/protocol/snapshot';
import type { Mat, StateView } from '../src/protocol/stateView';

export type { LayerView, Mat, StateView, StopView } from '../src/protocol/stateView';

/** The neuron the last Step Into formed in the layer being formed (see `formed` in the protocol); undefined when none. Pure. */
export function formingNeuron(state: StateView): number | undefined {
  const f = state.forming;
  if (!f) return undefined;
  const layer = state.layers[f.layer];
  const count = f.first + f.second;
  if (count < 1) return undefined;
  return Math.min(layer.size - 1, formed(count, layer.size, layer.activation === 'softmax').last.neuron);
}

/**
 * Whether quantity q of neuron (column) c of layer l is not formed yet while stepping into the layer:
 * forward forms u then y, backward ∂y then δ (with ∂w_·k and ∂b_k); see `formed` in the protocol. Pure.
 */
export function pendingAt(state: StateView, l: number, q: Quantity, c: number): boolean {
  return c >= formedColumns(state.forming, l, q);
}

/**
 * Which entries of `cur` differ from `prev` (1 = changed): all of them when the quantity was not
 * computed before, undefined when the shapes differ (nothing to compare with). Pure.
 */
export function changedMask(prev: Mat | undefined, cur: Mat, prevExists: boolean): Uint8Array | undefined {
  if (!prev) return prevExists ? new Uint8Array(cur.data.length).fill(1) : undefined;
  if (prev.rows !== cur.rows || prev.cols !== cur.cols) return undefined;
  const out = new Uint8Array(cur.data.length);
  const a = prev.data;
  const b = cur.data;
  for (let x = 0; x < b.length; x++) if (a[x] !== b[x] && !(a[x] !== a[x] && b[x] !== b[x])) out[x] = 1;
  return out;
}

/** Largest |v| over the finite entries (0 when there are none). Pure. */
export function maxAbs(data: Float64Array): number {
  let m = 0;
  for (let x = 0; x < data.length; x++) {
    const a = Math.abs(data[x]);
    if (a > m && a !== Infinity) m = a;
  }
  return m;
}

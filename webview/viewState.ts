// What the inspector keeps of the user's view across reloads (VS Code's webview state): the selection
// and whether the user chose it, the sample, the diagram's quantity and its step colouring, zoom per
// table, closed layers, the loss chart's log scale.
// Anything missing or malformed in a saved state falls back to the default, a selection that does not
// fit a new state to the default selection. Pure; imports the model and the protocol's checks only.

import type { DiagramQuantity } from './diagram';
import type { Selection } from './equations';
import { formingNeuron, type StateView } from './model';
import { isWhole } from '../src/protocol/messages';

export interface ViewState {
  sel?: Selection;
  /** the user chose `sel`: keep it; otherwise the selection follows the layer being computed */
  pinned?: boolean;
  sample: number;
  quantity: DiagramQuantity;
  zoom: Record<string, number>;
  closed: number[];
  /** the diagram's edges coloured by the step the update applied */
  stepEdges?: boolean;
  /** the loss chart's axes logarithmic */
  logScale?: boolean;
}

/** The quantities the diagram can be coloured by: y or δ on the nodes, w or ∂w on the edges. */
export const DIAGRAM_QUANTITIES: readonly DiagramQuantity[] = ['y', 'delta', 'w', 'dw'];

/** The saved view state, or defaults for anything missing or malformed. Pure. */
export function readViewState(x: unknown): ViewState {
  const v: ViewState = { sample: 0, quantity: 'y', zoom: {}, closed: [] };
  if (typeof x !== 'object' || x === null) return v;
  const o = x as Record<string, unknown>;
  if (isWhole(o.sample, 0, 100_000)) v.sample = o.sample;
  if (DIAGRAM_QUANTITIES.includes(o.quantity as DiagramQuantity)) v.quantity = o.quantity as DiagramQuantity;
  const sel = o.sel as Record<string, unknown> | undefined;
  if (sel && typeof sel === 'object' && isWhole(sel.layer, 0, 64) && isWhole(sel.k, 0, 100_000)) {
    if (sel.kind === 'neuron') v.sel = { kind: 'neuron', layer: sel.layer, k: sel.k };
    else if (sel.kind === 'weight' && isWhole(sel.j, 0, 100_000)) v.sel = { kind: 'weight', layer: sel.layer, j: sel.j, k: sel.k };
    if (v.sel && o.pinned === true) v.pinned = true;
  }
  if (typeof o.zoom === 'object' && o.zoom !== null) for (const [k, z] of Object.entries(o.zoom)) if (/^\d+:[a-z]+$/.test(k) && typeof z === 'number' && Number.isInteger(z) && Math.abs(z) <= 5) v.zoom[k] = z;
  if (Array.isArray(o.closed)) v.closed = o.closed.filter((l) => isWhole(l, 0, 64));
  if (o.stepEdges === true) v.stepEdges = true;
  if (o.logScale === true) v.logScale = true;
  return v;
}

/** Whether a selection names a neuron or weight that exists in this state. Pure. */
export function validSelection(state: StateView, sel: Selection | undefined): boolean {
  if (!sel || sel.layer >= state.layers.length) return false;
  const layer = state.layers[sel.layer];
  if (sel.kind === 'neuron') return sel.k < layer.size;
  return sel.layer > 0 && sel.j < state.layers[sel.layer - 1].size && sel.k < layer.size;
}

/** The selection when the user has chosen none: the neuron being formed, else neuron 0 of the layer computed (the output layer at the start and the update). Pure. */
export function defaultSelection(state: StateView): Selection {
  const k = formingNeuron(state);
  if (state.forming && k !== undefined) return { kind: 'neuron', layer: state.forming.layer, k };
  const L = state.layers.length - 1;
  const l = state.stop && state.stop.phase !== 'update' ? state.stop.layer : L;
  return { kind: 'neuron', layer: l, k: 0 };
}

// A divergence in words and as JSON: where it is ("iteration 3 · backward · layer 1 · δ[0][1]") and the
// fields `cli.js compare --format json` prints. Shared by the command line, the debug adapter's exception
// sentence and the Backprop view. Imports only the engine.

import { isQuantity, SYMBOL } from '../engine/quantities';
import { jsonNumber } from '../engine/trace';
import type { Compared, Divergence } from './compare';
import { compareWords } from './words';

/** The notes' symbol of a compared quantity: δ, ∂w, E, … */
export function symbolOf(q: Compared): string {
  return isQuantity(q) ? SYMBOL[q] : q === 'loss' ? 'E' : q;
}

/** "δ[0][1]", "∂b[1]", "E". */
export function cellName(d: Pick<Divergence, 'quantity' | 'index'>): string {
  return symbolOf(d.quantity) + d.index.map((i) => `[${i}]`).join('');
}

/** "iteration 3 · backward · layer 1 · δ[0][1]" (w and b of iteration 1 at the forward pass: "forward (initial parameters)"). */
export function describeStop(d: Divergence): string {
  const w = compareWords();
  const phase = w.phase(d.phase, d.phase === 'forward' && (d.quantity === 'w' || d.quantity === 'b'));
  const layer = d.quantity === 'loss' || d.quantity === 'samples' || d.quantity === 'epoch' || d.quantity === 't' ? '' : ` · ${w.layer(d.layer)}`;
  return `${w.iteration(d.iteration)} · ${phase}${layer} · ${cellName(d)}`;
}

/** The divergence as a JSON object: iteration, phase, layer, quantity, index, expected, got, line, equation, diagnosis. */
export function divergenceJson(d: Divergence): Record<string, unknown> {
  const n = (v: number): number | string => JSON.parse(jsonNumber(v)) as number | string;
  return {
    iteration: d.iteration,
    epoch: d.epoch,
    phase: d.phase,
    layer: d.layer,
    quantity: d.quantity,
    index: d.index,
    expected: n(d.expected),
    got: n(d.got),
    line: d.line,
    equation: d.equation,
    ...(d.diagnosis ? { diagnosis: d.diagnosis } : {}),
  };
}

// The inspector's logic that needs no page, in plain Node: the order of the gradient check's entries,
// how many losses a `losses` message holds, keeping in step with the host's deltas, the saved view
// state, the default selection, and which cell of which table a selection outlines.

import * as assert from 'node:assert';
import type { GradientCheckEntry } from '../../src/engine/gradcheck';
import { bytesToBase64 } from '../../src/protocol/buffers';
import { diffState } from '../../src/protocol/delta';
import { decodeLosses } from '../../src/protocol/messages';
import { toStateView, type StateView } from '../../src/protocol/stateView';
import { byRelativeError } from '../../webview/panels/gradientCheck';
import { computedAt, selectedCell } from '../../webview/panels/tables';
import { StateSync } from '../../webview/sync';
import { defaultSelection, readViewState, validSelection } from '../../webview/viewState';
import { handSnapshots } from './handStates';

function entry(k: number, relativeError: number): GradientCheckEntry {
  return { layer: 1, quantity: 'dw', j: 0, k, analytic: 1, numeric: 1, relativeError };
}

function view(x: number): StateView {
  const v = toStateView(handSnapshots(6)[x]);
  if (!v) throw new Error('state refused');
  return v;
}

suite('webview inspector logic (plain Node)', () => {
  test('gradient check: worst first, NaN before any number, equal errors compare as 0 and keep their order', () => {
    const a = entry(0, 1e-9);
    const b = entry(1, 1e-9);
    // a comparator must say 0 for equal errors (and be antisymmetric), or sort's order is undefined
    assert.strictEqual(byRelativeError(a, b), 0);
    assert.strictEqual(byRelativeError(a, a), 0);
    const nan1 = entry(2, NaN);
    const nan2 = entry(3, NaN);
    assert.strictEqual(byRelativeError(nan1, nan2), 0);
    const entries = [a, entry(4, 0.5), b, nan1, entry(5, 1e-3), nan2, entry(6, 1e-9)];
    const sorted = [...entries].sort(byRelativeError).map((e) => e.k);
    assert.deepStrictEqual(sorted, [2, 3, 4, 5, 0, 1, 6]);
    for (const x of entries) for (const y of entries) assert.strictEqual(Math.sign(byRelativeError(x, y)), -Math.sign(byRelativeError(y, x)) || 0, `${x.k} vs ${y.k}`);
  });

  test('losses: a message holds as many values as whole Float64s decode from it, else none', () => {
    const values = new Float64Array([0.2984, 0.29, 0.28]);
    const base64 = bytesToBase64(new Uint8Array(values.buffer));
    assert.deepStrictEqual(Array.from(decodeLosses(base64)!), Array.from(values));
    assert.strictEqual(decodeLosses('')?.length, 0);
    // 12 bytes: one and a half values, which the chart refuses, so the host must not count one
    assert.strictEqual(decodeLosses(bytesToBase64(new Uint8Array(12))), undefined);
    // 16 characters that are not base64 are no values at all
    assert.strictEqual(decodeLosses('not base64 !!!!!'), undefined);
  });

  test('keeping in step: a delta applies to the state before; one that does not asks for the whole state once', () => {
    const hand = handSnapshots(6);
    const sync = new StateSync();
    let asked = 0;
    const ask = (): void => void asked++;
    assert.deepStrictEqual(sync.apply(hand[0], ask), hand[0]);
    const next = sync.apply(diffState(hand[0], hand[1]), ask);
    assert.deepStrictEqual(next?.layers[2].y, hand[1].layers[2].y);
    // a delta against a state this page never had (hand[3]): not shown, the whole state asked for, once
    assert.strictEqual(sync.apply(diffState(hand[3], hand[4]), ask), undefined);
    assert.strictEqual(sync.apply(diffState(hand[3], hand[4]), ask), undefined);
    assert.strictEqual(asked, 1);
    assert.deepStrictEqual(sync.apply(hand[4], ask)?.iteration, hand[4].iteration);
    // a page that has no state yet (reloaded) cannot take a delta either
    assert.strictEqual(new StateSync().apply(diffState(hand[4], hand[5]), ask), undefined);
    assert.strictEqual(asked, 2);
  });

  test('saved view state: good values kept, malformed ones replaced by defaults', () => {
    assert.deepStrictEqual(readViewState(undefined), { sample: 0, quantity: 'y', zoom: {}, closed: [] });
    const v = readViewState({ sample: 2, quantity: 'dw', sel: { kind: 'weight', layer: 2, j: 1, k: 0 }, pinned: true, zoom: { '2:w': 3, bad: 1, '1:u': 9 }, closed: [1, -1, 'x'] });
    assert.deepStrictEqual(v, { sample: 2, quantity: 'dw', sel: { kind: 'weight', layer: 2, j: 1, k: 0 }, pinned: true, zoom: { '2:w': 3 }, closed: [1] });
    assert.deepStrictEqual(readViewState({ sample: -1, quantity: 'evil', sel: { kind: 'neuron', layer: 1.5, k: 0 }, pinned: true }), { sample: 0, quantity: 'y', zoom: {}, closed: [] });
    assert.deepStrictEqual(readViewState({ stepEdges: true, logScale: 'yes' }), { sample: 0, quantity: 'y', zoom: {}, closed: [], stepEdges: true });
  });

  test('selection: valid only inside the network; by default neuron 0 of the layer computed (the output layer at the update)', () => {
    const s = view(4); // backward of the hidden layer
    assert.strictEqual(validSelection(s, { kind: 'neuron', layer: 1, k: 1 }), true);
    assert.strictEqual(validSelection(s, { kind: 'neuron', layer: 1, k: 2 }), false);
    assert.strictEqual(validSelection(s, { kind: 'weight', layer: 0, j: 0, k: 0 }), false);
    assert.deepStrictEqual(defaultSelection(s), { kind: 'neuron', layer: 1, k: 0 });
    assert.deepStrictEqual(defaultSelection(view(5)), { kind: 'neuron', layer: 2, k: 0 });
  });

  test('tables: what the stop computed is outlined, and where the selection falls in each table', () => {
    assert.deepStrictEqual(computedAt(view(3), 2), ['dy', 'delta', 'dw', 'db']);
    assert.deepStrictEqual(computedAt(view(3), 1), []);
    assert.deepStrictEqual(computedAt(view(5), 1), ['w', 'b']);
    const neuron = { kind: 'neuron' as const, layer: 2, k: 1 };
    assert.deepStrictEqual([selectedCell(neuron, 0, 2, 'delta'), selectedCell(neuron, 0, 2, 'db'), selectedCell(neuron, 0, 2, 'w'), selectedCell(neuron, 0, 1, 'y')], [[0, 1], [0, 1], undefined, undefined]);
    const weight = { kind: 'weight' as const, layer: 2, j: 1, k: 0 };
    assert.deepStrictEqual([selectedCell(weight, 0, 2, 'dw'), selectedCell(weight, 0, 2, 'y')], [[1, 0], undefined]);
  });
});

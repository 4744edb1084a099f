// The inspector's model in plain Node, on snapshots of the 2-2-2 worked example: what changed between
// two stops; which values a Step Into has not formed yet; the largest entry. (The snapshot's checking
// and decoding: test/protocol/stateView.test.ts.)

import * as assert from 'node:assert';
import { toStateView, type StateView } from '../../src/protocol/stateView';
import { changedMask, maxAbs, pendingAt } from '../../webview/model';
import type { StateSnapshot } from '../../src/protocol/snapshot';
import { HAND, handSnapshots } from './handStates';

const close = (actual: number | undefined, expected: number, what: string): void => assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-8, `${what}: ${actual} ≠ ${expected}`);

function view(s: StateSnapshot): StateView {
  const v = toStateView(s);
  if (!v) throw new Error('state refused');
  return v;
}

suite('webview model (plain Node)', () => {
  const hand = handSnapshots();

  test('changedMask marks what the update changed: every w of the output layer, no input', () => {
    const before = view(hand[4]);
    const after = view(hand[5]);
    const w = changedMask(before.layers[2].q.w, after.layers[2].q.w!, true);
    assert.deepStrictEqual(Array.from(w!), [1, 1, 1, 1]);
    close(after.layers[2].q.w?.data[0], HAND.wJ0K0After, 'w_j0k0 after the update');
    assert.deepStrictEqual(Array.from(changedMask(before.layers[0].q.y, after.layers[0].q.y!, true)!), [0, 0]);
    // not computed before: all new; a different shape: nothing to compare
    assert.deepStrictEqual(Array.from(changedMask(undefined, after.layers[2].q.w!, true)!), [1, 1, 1, 1]);
    assert.strictEqual(changedMask({ rows: 1, cols: 4, data: new Float64Array(4) }, after.layers[2].q.w!, true), undefined);
    // NaN to NaN is no change
    const nan = { rows: 1, cols: 1, data: new Float64Array([NaN]) };
    assert.deepStrictEqual(Array.from(changedMask(nan, nan, true)!), [0]);
  });

  test('pendingAt: stepping into the output layer forward, u_0 formed, y_0 and neuron 1 not yet', () => {
    const v = { ...view(hand[1]), forming: { layer: 2, phase: 'forward' as const, first: 1, second: 0 } };
    assert.deepStrictEqual([pendingAt(v, 2, 'u', 0), pendingAt(v, 2, 'y', 0), pendingAt(v, 2, 'u', 1), pendingAt(v, 1, 'y', 1), pendingAt(v, 2, 'w', 1)], [false, true, true, false, false]);
  });

  test('maxAbs skips ±∞ and NaN', () => {
    assert.strictEqual(maxAbs(new Float64Array([-3, 2, Infinity, NaN, -Infinity])), 3);
    assert.strictEqual(maxAbs(new Float64Array([])), 0);
  });
});

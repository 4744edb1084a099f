// The protocol's parser of a state snapshot (toStateView) in plain Node: a snapshot of the 2-2-2 worked
// example decoded into the view the panels draw, checked against the example's hand-computed numbers;
// hostile shapes refused.

import * as assert from 'node:assert';
import { encodeMatrix } from '../../src/protocol/buffers';
import type { StateSnapshot } from '../../src/protocol/snapshot';
import { toStateView, type StateView } from '../../src/protocol/stateView';
import { HAND, handSnapshots } from '../webview/handStates';

const close = (actual: number | undefined, expected: number, what: string): void => assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-8, `${what}: ${actual} ≠ ${expected}`);

function view(s: StateSnapshot): StateView {
  const v = toStateView(s);
  if (!v) throw new Error('state refused');
  return v;
}

suite('protocol: a state snapshot checked and decoded (toStateView)', () => {
  const hand = handSnapshots();

  test('decodes the worked example: u, y, δ, ∂w of the output layer and E are the hand-computed ones', () => {
    const v = view(hand[3]); // backward of the output layer
    const hidden = v.layers[1].q;
    const out = v.layers[2].q;
    close(hidden.u?.data[0], HAND.uJ0, 'u_j0');
    close(hidden.y?.data[0], HAND.yJ0, 'y_j0');
    close(out.u?.data[0], HAND.uK0, 'u_k0');
    close(out.y?.data[0], HAND.yK0, 'y_k0');
    close(out.delta?.data[0], HAND.deltaK0, 'δ_k0');
    close(out.delta?.data[1], HAND.deltaK1, 'δ_k1');
    close(out.dw?.data[0], HAND.dwJ0K0, '∂w_j0k0');
    close(v.lossValue ?? undefined, HAND.E, 'E');
    assert.strictEqual(v.loss, 'sum-of-squares');
    assert.deepStrictEqual([v.n, v.layers[2].q.dw?.rows, v.layers[2].q.dw?.cols], [1, 2, 2]);
    // the hidden layer's backward stop has not come yet
    assert.strictEqual(hidden.delta, undefined);
  });

  test('before the loss stop there is no E; the hidden δ arrives with its own stop', () => {
    assert.strictEqual(view(hand[1]).lossValue, null);
    close(view(hand[4]).layers[1].q.delta?.data[0], HAND.deltaJ0, 'δ_j0');
    close(view(hand[4]).layers[1].q.dy?.data[0], HAND.dyJ0, '∂y_j0');
  });

  test('refuses a state whose matrices do not fit its layers', () => {
    const s = hand[3];
    const wrong = { ...s, layers: s.layers.map((l, x) => (x === 2 ? { ...l, w: encodeMatrix(new Float64Array(6), 3, 2) } : l)) };
    assert.strictEqual(toStateView(wrong), undefined);
    const badStop = { ...s, stop: { phase: 'sideways', layer: 1 } } as unknown as StateSnapshot;
    assert.strictEqual(toStateView(badStop), undefined);
    // a non-finite E crosses JSON by name
    const infinite = view({ ...s, lossValue: null, lossValueNonFinite: 'Infinity' } as unknown as StateSnapshot);
    assert.strictEqual(infinite.lossValue, Infinity);
  });
});

// States cross as deltas: what a receiver rebuilds is exactly what the sender had.

import * as assert from 'node:assert';
import { applyDelta, diffState, isUnchanged } from '../../src/protocol/delta';
import { snapshot, type StateSnapshot } from '../../src/protocol/snapshot';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';
import * as path from 'node:path';

function trainer(): Trainer {
  const r = loadNetworkFile(path.join(__dirname, '../../examples/hand-2-2-2.backprop.json'));
  assert.ok(r.spec);
  return new Trainer(r.spec);
}

suite('state deltas', () => {
  test('every stop of two iterations is rebuilt exactly from the deltas', () => {
    const t = trainer();
    let sent: StateSnapshot | undefined;
    let received: StateSnapshot | undefined;
    for (let i = 0; i < 2 * t.stops.length; i++) {
      const full = snapshot(t);
      const delta = diffState(sent, full);
      sent = full;
      received = applyDelta(received, delta);
      assert.deepStrictEqual(received, full, `stop ${i}`);
      t.step();
    }
  });

  test('only what changed travels: after the forward pass of layer 1, w is unchanged, u and y of layer 1 are new', () => {
    const t = trainer();
    const entry = snapshot(t);
    t.step();
    const delta = diffState(entry, snapshot(t));
    assert.ok(isUnchanged(delta.layers[1].w) && isUnchanged(delta.layers[2].w) && isUnchanged(delta.targets));
    assert.ok(!isUnchanged(delta.layers[1].u) && delta.layers[1].u !== undefined);
    assert.strictEqual(delta.layers[2].u, undefined, 'not computed yet: absent, not unchanged');
  });

  test('a delta that refers to a state the receiver does not have is refused', () => {
    const t = trainer();
    const entry = snapshot(t);
    t.step();
    assert.strictEqual(applyDelta(undefined, diffState(entry, snapshot(t))), undefined);
  });
});

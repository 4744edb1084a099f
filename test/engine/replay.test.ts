// Reproducibility and time travel: the same file gives the same numbers; seeking back to any earlier
// stop gives a bit-identical state, with a bounded history and after the user's edits.

import * as assert from 'node:assert';
import { Trainer } from '../../src/engine/trainer';
import { specOf } from './helpers';

const network = {
  layers: [{ size: 2 }, { size: 4, activation: 'tanh' }, { size: 3, activation: 'sigmoid' }, { size: 2, activation: 'softmax' }],
  loss: 'cross-entropy',
  learningRate: 0.3,
  batch: { size: 3, reduction: 'mean', shuffle: true },
  init: { seed: 42, distribution: 'xavier' },
  data: { builtin: 'spiral', samples: 20 },
  epochs: 50,
};

/**
 * Every number of the state that is computed at this stop, as raw bytes, so that equality is
 * bit-for-bit (NaN and −0 included). Buffers not yet computed in this iteration are not state.
 */
function state(t: Trainer): string {
  const n = t.batchSize;
  const parts: Float64Array[] = [new Float64Array([t.iteration, t.position, t.eta, t.lossComputed ? t.lossValue : -1, n]), Float64Array.from(t.samples.subarray(0, n))];
  parts.push(t.targets.data.subarray(0, n * t.targets.cols));
  for (const l of t.layers) {
    parts.push(l.w.data, l.b);
    for (const q of ['u', 'y', 'dy', 'delta'] as const) if (t.isComputed(l.index, q)) parts.push(l[q].data.subarray(0, n * l.size));
    if (t.isComputed(l.index, 'dw')) parts.push(l.dw.data, l.db);
  }
  return parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('hex')).join('|');
}

suite('reproducibility and time travel', () => {
  test('the same file gives bit-identical runs; another seed does not', () => {
    const a = new Trainer(specOf(network));
    const b = new Trainer(specOf(network));
    a.runIterations(137);
    b.runIterations(137);
    assert.strictEqual(state(a), state(b));
    const c = new Trainer(specOf({ ...network, init: { seed: 43, distribution: 'xavier' } }));
    c.runIterations(137);
    assert.notStrictEqual(state(a), state(c));
  });

  test('shuffling visits every sample once per epoch, in a different order each epoch', () => {
    const t = new Trainer(specOf(network));
    const epochOrders: number[][] = [];
    for (let e = 0; e < 2; e++) {
      const seen: number[] = [];
      for (let b = 0; b < t.batchesPerEpoch; b++) {
        seen.push(...t.samples.subarray(0, t.batchSize));
        t.finishIteration();
        t.step();
      }
      epochOrders.push(seen);
      assert.deepStrictEqual([...seen].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
    }
    assert.notDeepStrictEqual(epochOrders[0], epochOrders[1]);
    // 20 samples in batches of 3: the last batch of an epoch is shorter
    assert.strictEqual(t.batchesPerEpoch, 7);
  });

  test('step forward then back gives a bit-identical state at every stop of an iteration', () => {
    const t = new Trainer(specOf(network));
    t.runIterations(10);
    const states: string[] = [];
    const at: [number, number][] = [];
    for (let s = 0; s < 2 * t.stops.length; s++) {
      t.step();
      states.push(state(t));
      at.push([t.iteration, t.position]);
    }
    for (let s = states.length - 1; s >= 0; s--) {
      t.seek(at[s][0], at[s][1]);
      assert.strictEqual(state(t), states[s], `after seeking back to iteration ${at[s][0]} position ${at[s][1]}`);
    }
  });

  test('a small history budget thins the checkpoints but still replays exactly, within its memory', () => {
    const budget = 16 * 1024;
    const t = new Trainer(specOf(network), { historyBytes: budget });
    const wanted: { at: [number, number]; state: string }[] = [];
    while (t.iteration < 300) {
      t.step();
      if (t.iteration % 37 === 0 && t.position === 2) wanted.push({ at: [t.iteration, t.position], state: state(t) });
    }
    assert.ok(t.history!.interval > 1, 'the checkpoints were thinned');
    assert.ok(t.history!.bytes <= budget, `history holds ${t.history!.bytes} bytes`);
    assert.strictEqual(wanted.length, 8);
    for (const w of [...wanted].reverse()) {
      t.seek(...w.at);
      assert.strictEqual(state(t), w.state);
    }
    assert.strictEqual(t.recordedLoss(37), t.history!.loss(37));
  });

  test('an edit is part of history: going back before it and forward again makes it again', () => {
    const t = new Trainer(specOf(network));
    t.runIterations(5);
    t.step();
    t.step(); // iteration 6, after the forward pass of layers 1 and 2
    t.edit('w', 3, 1, 0, 2.5);
    t.edit('eta', 0, 0, 0, 0.05);
    assert.strictEqual(t.layers[3].w.data[1 * 2 + 0], 2.5);
    t.runIterations(3);
    t.step();
    const after = state(t);
    const where: [number, number] = [t.iteration, t.position];
    t.seek(2, 0);
    assert.strictEqual(t.eta, 0.3);
    t.seek(...where);
    assert.strictEqual(state(t), after);
    assert.strictEqual(t.eta, 0.05);
  });

  test('going back keeps the recorded losses of the future (replay gives the same); an edit forgets them', () => {
    const t = new Trainer(specOf(network));
    t.runIterations(50);
    const losses = Array.from(t.history!.lossView());
    t.seek(10, 0);
    assert.strictEqual(t.history!.recordedLosses, 50);
    t.seek(20, 3);
    assert.deepStrictEqual(Array.from(t.history!.lossView()), losses);
    t.edit('eta', 0, 0, 0, 0.01);
    assert.strictEqual(t.history!.recordedLosses, 19, 'iteration 20 has not reached its loss again yet');
  });

  test('a forward jump restores the nearest checkpoint at or before the target: it replays at most one interval', () => {
    const t = new Trainer(specOf({ ...network, epochs: 500 }));
    t.runIterations(1500);
    t.step();
    t.step();
    const there = state(t);
    const interval = t.history!.interval;
    assert.ok(interval <= 128, `interval ${interval}`);
    t.seek(3, 1);
    // count the stops computed on the way forward again (each replayed iteration is stops.length of them)
    let stops = 0;
    const step = t.step.bind(t);
    t.step = () => (stops++, step());
    t.seek(1501, 2);
    assert.strictEqual(state(t), there);
    assert.ok(stops <= interval * t.stops.length + 2, `${stops} stops replayed for a jump of 1498 iterations (interval ${interval})`);
  });

  test('travel spreads a seek over steps of one iteration, each a valid stop, and ends where seek does', () => {
    const a = new Trainer(specOf(network));
    const b = new Trainer(specOf(network));
    a.seek(40, 3);
    const steps = b.travel(40, 3);
    let yields = 0;
    while (!steps.next().done) {
      yields++;
      assert.ok(b.iteration < 40 && b.position === 0, `after ${yields} steps at ${b.iteration}:${b.position}`);
    }
    assert.strictEqual(yields, 38, 'one yield per iteration trained before the last');
    assert.strictEqual(state(b), state(a));
    assert.throws(() => b.travel(0, 0), RangeError);
    assert.throws(() => b.travel(2.5, 0), RangeError);
  });

  test('a run the budget can hold whole gets evenly spaced checkpoints, not a power of two twice too sparse', () => {
    // 2-2-2: 12 parameters and η, 104 bytes a checkpoint. 64 KiB: half for the loss record, the other
    // half holds ⌊32,768 / 104⌋ = 315 checkpoints; 200,000 iterations / 315 → one every 635 iterations
    // (doubling from 256 would end at 1024: 200,000 / 512 = 391 do not fit)
    const spec = specOf({ ...network, layers: [{ size: 2 }, { size: 2, activation: 'sigmoid' }, { size: 2, activation: 'softmax' }], batch: { size: 1 }, data: { builtin: 'xor' }, epochs: 50000 });
    const t = new Trainer(spec, { historyBytes: 64 * 1024 });
    assert.strictEqual(t.totalIterations, 200000);
    t.runIterations(200000);
    assert.ok(t.history!.bytes <= 64 * 1024, `${t.history!.bytes} bytes`);
    assert.strictEqual(t.history!.interval, 635);
    assert.strictEqual(t.history!.checkpointCount, Math.ceil(200000 / 635));
  });

  test('a history budget that is not a positive number is refused, never a NaN budget', () => {
    for (const historyBytes of [NaN, -1, 0, Infinity, '64MB' as unknown as number]) {
      assert.throws(() => new Trainer(specOf(network), { historyBytes }), RangeError, String(historyBytes));
    }
  });

  test('without recording there is no going back to an earlier iteration', () => {
    const t = new Trainer(specOf(network), { record: false });
    t.runIterations(3);
    assert.throws(() => t.seek(1, 0), /no history/);
  });

  test('the trainer stops after epochs × batches per epoch iterations', () => {
    const t = new Trainer(specOf({ ...network, epochs: 2 }));
    assert.strictEqual(t.totalIterations, 14);
    assert.strictEqual(t.runIterations(100), 14);
    assert.ok(t.finished);
    assert.strictEqual(t.step(), false);
  });
});

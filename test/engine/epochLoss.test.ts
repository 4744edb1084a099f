// The epoch loss (mean of the samples' E_s over an epoch) against hand calculations: a record made up
// so the numbers are plain, and iris, whose last batch of an epoch has 3 samples instead of 8, with
// every sample's cross-entropy computed here from y and t (not from the engine's E).

import * as assert from 'node:assert';
import * as path from 'node:path';
import { epochLoss, epochMeans, lastEpochLoss, batchSamples, type EpochShape } from '../../src/engine/epochLoss';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';

const iris = path.join(__dirname, '../../examples/iris.backprop.json');

suite('epoch loss', () => {
  // 75 samples in batches of 8: 9 batches of 8 and a last one of 3
  const shape: EpochShape = { samples: 75, batchSize: 8, reduction: 'sum' };

  test('batches: 9 of 8 samples, then 3', () => {
    assert.deepStrictEqual(Array.from({ length: 11 }, (_, x) => batchSamples(shape, x + 1)), [8, 8, 8, 8, 8, 8, 8, 8, 8, 3, 8]);
  });

  test('every sample losing 0.5: the epoch loss is 0.5 although E of the last batch is 1.5 and the others 4', () => {
    // summed: E = 0.5 · 8 = 4 for a full batch, 0.5 · 3 = 1.5 for the last; the mean of the ten E would be 3.75
    const E = (t: number): number => (t % 10 === 0 ? 1.5 : 4);
    assert.deepStrictEqual(epochLoss(shape, E, 10, true), { epoch: 1, batches: 10, complete: true, mean: 0.5 });
    // averaged per batch: E = 0.5 whatever the batch's size
    assert.strictEqual(epochLoss({ ...shape, reduction: 'mean' }, () => 0.5, 10, true)?.mean, 0.5);
  });

  test('so far in an epoch, then the epoch before until the first loss of the next', () => {
    // epoch 1: samples lose 1, epoch 2: 0.25 (E = 8 or 3, then 2 or 0.75)
    const E = (t: number): number => (t <= 10 ? 1 : 0.25) * batchSamples(shape, t);
    assert.strictEqual(epochLoss(shape, E, 1, false), undefined, 'nothing computed yet');
    assert.deepStrictEqual(epochLoss(shape, E, 3, true), { epoch: 1, batches: 3, complete: false, mean: 1 });
    assert.deepStrictEqual(epochLoss(shape, E, 3, false), { epoch: 1, batches: 2, complete: false, mean: 1 });
    // iteration 11, before its loss: epoch 1 complete; after it: epoch 2 so far
    assert.deepStrictEqual(epochLoss(shape, E, 11, false), { epoch: 1, batches: 10, complete: true, mean: 1 });
    assert.deepStrictEqual(epochLoss(shape, E, 11, true), { epoch: 2, batches: 1, complete: false, mean: 0.25 });
    assert.deepStrictEqual(lastEpochLoss(shape, E, 11, true), { epoch: 1, batches: 10, complete: true, mean: 1 });
    assert.strictEqual(lastEpochLoss(shape, E, 10, false), undefined);
    assert.strictEqual(lastEpochLoss(shape, E, 20, true)?.mean, 0.25);
    // mixed: epoch 1 with samples of 1 in the first 9 batches and 0 in the last: (72 · 1 + 3 · 0) / 75
    const F = (t: number): number => (t === 10 ? 0 : 8);
    assert.strictEqual(epochLoss(shape, F, 10, true)?.mean, 72 / 75);
    assert.deepStrictEqual(Array.from(epochMeans(shape, Float64Array.from({ length: 25 }, (_, x) => E(x + 1)))), [1, 0.25]);
  });

  test("iris: the epoch's mean of every sample's −Σ_k t_k log y_k", () => {
    const r = loadNetworkFile(iris);
    assert.ok(r.spec, JSON.stringify(r.errors));
    const t = new Trainer(r.spec);
    assert.strictEqual(t.batchesPerEpoch, 10);
    let sum = 0;
    let samples = 0;
    let last = NaN;
    for (let it = 1; it <= 10; it++) {
      t.runUntil((x) => x.lossComputed);
      // the cross-entropy of each sample of this batch, from y and t
      const Y = t.layers[2].y.data;
      const T = t.targets.data;
      let batch = 0;
      for (let s = 0; s < t.batchSize; s++) for (let k = 0; k < 3; k++) batch -= T[s * 3 + k] * Math.log(Y[s * 3 + k]);
      sum += batch;
      samples += t.batchSize;
      last = batch;
      if (it < 10) t.finishIteration();
    }
    assert.strictEqual(samples, 75);
    assert.strictEqual(t.batchSize, 3, 'the last batch of the epoch has 3 samples');
    const shapeOf: EpochShape = { samples: 75, batchSize: 8, reduction: 'sum' };
    const got = epochLoss(shapeOf, (x) => t.recordedLoss(x), 10, true);
    assert.ok(got && got.complete && got.epoch === 1);
    assert.ok(Math.abs(got.mean - sum / 75) < 1e-12, `${got.mean} vs ${sum / 75}`);
    // E of that last batch is far below the others (3 samples summed), the epoch loss is per sample
    assert.ok(Math.abs(t.lossValue - last) < 1e-12);
    assert.ok(got.mean < t.recordedLoss(1) / 4 && got.mean > last / 3 / 4);
  });
});

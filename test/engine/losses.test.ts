// Cross-entropy after softmax or sigmoid from u, through log-sum-exp: finite where y has underflowed.
// Expected values are worked out here from the definition, in closed form.

import * as assert from 'node:assert';
import { loss, sigmoidCrossEntropyValue, softmaxCrossEntropyValue } from '../../src/engine/losses';
import { matrix } from '../../src/engine/matrix';
import { Trainer } from '../../src/engine/trainer';
import { specOf } from './helpers';

const m = (rows: number[][]): ReturnType<typeof matrix> => matrix(rows.length, rows[0].length, Float64Array.from(rows.flat()));

/** softmax of a row, the textbook's way (fine for small u) */
const softmax = (u: number[]): number[] => {
  const e = u.map(Math.exp);
  const s = e.reduce((a, b) => a + b);
  return e.map((x) => x / s);
};

suite('losses', () => {
  test('softmax cross-entropy of u = [800, 0, 0] with target class 1 is 800, not Infinity', () => {
    const u = m([[800, 0, 0]]);
    const t = m([[0, 1, 0]]);
    // y_1 = e^0 / (e^800 + 2) underflows to 0: −log y_1 = +Infinity, while log Σ e^u − u_1 = 800 + log(1 + 2e^−800) = 800
    const y = m([[1, 0, 0]]);
    assert.strictEqual(loss('cross-entropy').value(y, t, 1), Infinity);
    assert.strictEqual(softmaxCrossEntropyValue(u, t, 1), 800);
    assert.strictEqual(loss('cross-entropy', 'softmax').value(y, t, 1, u), 800);
    // and the target class that wins: log(1 + 2e^−800) = 0 in doubles
    assert.strictEqual(softmaxCrossEntropyValue(u, m([[1, 0, 0]]), 1), 0);
  });

  test('for ordinary u it equals −Σ t log softmax(u), summed over the samples', () => {
    const rows = [[1, 2, 3], [-0.5, 0.25, 2]];
    const targets = [[0, 0, 1], [0.5, 0.5, 0]];
    let expected = 0;
    rows.forEach((u, s) => softmax(u).forEach((y, k) => (expected -= targets[s][k] * Math.log(y))));
    const got = softmaxCrossEntropyValue(m(rows), m(targets), 2);
    assert.ok(Math.abs(got - expected) < 1e-14, `${got} vs ${expected}`);
    // only the first n samples count
    const first = -Math.log(softmax(rows[0])[2]);
    assert.ok(Math.abs(softmaxCrossEntropyValue(m(rows), m(targets), 1) - first) < 1e-15);
  });

  test('sigmoid cross-entropy from u: −log σ(u) = log(1 + e^−u), finite for u = −800', () => {
    assert.strictEqual(sigmoidCrossEntropyValue(m([[-800]]), m([[1]]), 1), 800);
    const u = 0.3;
    const expected = -Math.log(1 / (1 + Math.exp(-u)));
    assert.ok(Math.abs(sigmoidCrossEntropyValue(m([[u]]), m([[1]]), 1) - expected) < 1e-15);
    assert.strictEqual(loss('cross-entropy', 'sigmoid').value(m([[0]]), m([[1]]), 1, m([[-800]])), 800);
  });

  test('without u (or for sum-of-squares) the value is the one of y, as before', () => {
    const y = m([[0.25, 0.75]]);
    const t = m([[0, 1]]);
    assert.strictEqual(loss('cross-entropy', 'softmax').value(y, t, 1), -Math.log(0.75));
    assert.strictEqual(loss('sum-of-squares', 'softmax').value(y, t, 1), 0.5 * (0.25 ** 2 + 0.25 ** 2));
  });

  test('training reports E = 800, not Infinity, at the loss stop of a softmax output with u = [800, 0, 0]', () => {
    const trainer = new Trainer(specOf({
      layers: [{ size: 1 }, { size: 3, activation: 'softmax', weights: [[800, 0, 0]], biases: [0, 0, 0] }],
      loss: 'cross-entropy',
      data: { inputs: [[1]], targets: [[0, 1, 0]] },
    }));
    trainer.step(); // forward of layer 1: u = 1 · [800, 0, 0] + 0
    trainer.step(); // the loss
    assert.strictEqual(trainer.currentStop?.phase, 'loss');
    assert.strictEqual(trainer.lossValue, 800);
  });
});

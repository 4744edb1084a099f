// backprop.predict over DAP: the learned function at the current stop — the 2-2-2 example's outputs
// with its given weights worked out by hand, on its data and on the grid; after a jump, the output the
// training's own forward pass gives there. (That predicting changes nothing of training: test/engine/predict.test.ts.)

import * as assert from 'node:assert';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { parseNetwork } from '../../src/engine/parse';
import { Trainer } from '../../src/engine/trainer';
import { prediction } from '../../src/debug/prediction';
import { decodeMatrix } from '../../src/protocol/buffers';
import type { PredictionResult } from '../../src/protocol/prediction';
import { HAND, XOR, adapterSuite, launch, num, seek } from './helpers';

const sigmoid = (u: number): number => 1 / (1 + Math.exp(-u));

/** y of the 2-2-2 example for input (x1, x2) with its weights as given in the file. */
function handOutputs(x1: number, x2: number): number[] {
  const h1 = sigmoid(x1 * 0.15 + x2 * 0.2 + 0.35);
  const h2 = sigmoid(x1 * 0.25 + x2 * 0.3 + 0.35);
  return [sigmoid(h1 * 0.4 + h2 * 0.45 + 0.6), sigmoid(h1 * 0.5 + h2 * 0.55 + 0.6)];
}

async function predict(dc: DebugClient, grid?: number): Promise<PredictionResult> {
  return (await dc.customRequest('backprop.predict', grid === undefined ? {} : { grid })).body as PredictionResult;
}

adapterSuite('adapter: backprop.predict', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  test('at the entry stop: the given weights, by hand, on the data and on the grid', async () => {
    await launch(dc, HAND);
    const p = await predict(dc, 3);
    assert.strictEqual(p.iteration, 1);
    assert.strictEqual(p.position, 0);
    assert.strictEqual(p.task, 'regression');
    const y = decodeMatrix(p.data.outputs);
    handOutputs(0.05, 0.1).forEach((v, k) => assert.ok(Math.abs(y[k] - v) < 1e-15));
    // one sample: each input's range is a point, taken as a window of width 1 around it, widened by 10 % each side
    assert.deepStrictEqual(p.grid?.ranges.map((r) => [Number(r.lo.toFixed(12)), Number(r.hi.toFixed(12))]), [
      [-0.05, 0.15],
      [0, 0.2],
    ]);
    const g = decodeMatrix(p.grid!.outputs);
    // grid point (a = 2, b = 1): x₁ = 0.15, x₂ = 0.1 → row 1·3 + 2 = 5
    handOutputs(0.15, 0.1).forEach((v, k) => assert.ok(Math.abs(g[5 * 2 + k] - v) < 1e-15));
  });

  test('after a jump: the output the forward pass gives there', async () => {
    await launch(dc, XOR);
    await seek(dc, 2001, 0);
    const p = await predict(dc);
    assert.strictEqual(p.iteration, 2001);
    assert.strictEqual(p.task, 'classification');
    assert.strictEqual(p.grid?.k, 100);
    assert.strictEqual(decodeMatrix(p.grid!.outputs).length, 100 * 100);
    // the network's own output for sample 3 ([1, 1]) at this stop, by the expression language's forward pass
    await seek(dc, 2004, 2);
    const y3 = await num(dc, 'y[2][0][0]');
    await seek(dc, 2004, 0);
    const at = await predict(dc);
    assert.ok(Math.abs(decodeMatrix(at.data.outputs)[3] - y3) < 1e-15);
    assert.ok(at.accuracy !== undefined && at.accuracy >= 0 && at.accuracy <= 1);
  });
});

suite('adapter: a prediction of a large data set', () => {
  test('5,000 samples: every 3rd is carried (1,667), with its own target and the output for its input', () => {
    const r = parseNetwork(JSON.stringify({ name: 'big', layers: [{ size: 3 }, { size: 4, activation: 'tanh' }, { size: 2, activation: 'softmax' }], loss: 'cross-entropy', learningRate: 0.1, data: { builtin: 'synthetic', samples: 5000 }, epochs: 1 }), { file: 'big.backprop.json' });
    const t = new Trainer(r.spec!);
    const p = prediction(t, 100);
    assert.strictEqual(p.data.stride, 3);
    assert.strictEqual(p.data.outputs.rows, 1667);
    assert.strictEqual(p.grid, undefined, 'three inputs: no grid');
    assert.strictEqual(p.data.inputs, undefined);
    const T = t.spec.data.targets.data;
    const targets = decodeMatrix(p.data.targets);
    for (const s of [0, 1, 1000, 1666]) assert.deepStrictEqual(Array.from(targets.subarray(2 * s, 2 * s + 2)), Array.from(T.subarray(6 * s, 6 * s + 2)));
    // the output carried for sample 3·1000 is the network's for that input, written out here
    const X = t.spec.data.inputs.data.subarray(9000, 9003);
    const [l1, l2] = [t.layers[1], t.layers[2]];
    const h = [0, 1, 2, 3].map((k) => Math.tanh(X[0] * l1.w.data[k] + X[1] * l1.w.data[4 + k] + X[2] * l1.w.data[8 + k] + l1.b[k]));
    const u = [0, 1].map((k) => h.reduce((a, v, j) => a + v * l2.w.data[j * 2 + k], l2.b[k]));
    const z = Math.exp(u[0]) + Math.exp(u[1]);
    const y = decodeMatrix(p.data.outputs);
    assert.ok(Math.abs(y[2000] - Math.exp(u[0]) / z) < 1e-14 && Math.abs(y[2001] - Math.exp(u[1]) / z) < 1e-14);
    assert.ok(p.accuracy !== undefined);
  });
});

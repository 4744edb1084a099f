// ∂w and ∂b from the engine's backward pass against central differences of an independent forward
// pass (reference.ts), for every activation × loss pair, several batch sizes, both reductions and depths.

import * as assert from 'node:assert';
import { ACTIVATIONS, type ActivationName } from '../../src/engine/activations';
import { gradientCheck } from '../../src/engine/gradcheck';
import { Trainer } from '../../src/engine/trainer';
import { chunk, numbers, rows, specOf } from './helpers';
import { numericGradients, type RefLayer } from './reference';

interface Case {
  sizes: number[];
  hidden: ActivationName;
  output: ActivationName;
  loss: 'sum-of-squares' | 'cross-entropy';
  batch: number;
  reduction: 'sum' | 'mean';
}

function targetsFor(c: Case, samples: number, seed: number): number[][] {
  const out = c.sizes[c.sizes.length - 1];
  const raw = numbers(samples * out, seed);
  if (c.loss === 'cross-entropy' && c.output === 'softmax') {
    return Array.from({ length: samples }, (_, s) => Array.from({ length: out }, (_, k) => (k === s % out ? 1 : 0)));
  }
  if (c.loss === 'cross-entropy') return chunk(raw.map((v) => (v + 1) / 2), out);
  return chunk(raw, out);
}

function check(c: Case, seed: number): void {
  const samples = c.batch;
  const inputs = chunk(numbers(samples * c.sizes[0], seed + 1), c.sizes[0]);
  const targets = targetsFor(c, samples, seed + 2);
  const ref: RefLayer[] = [];
  const layers: object[] = [{ size: c.sizes[0] }];
  for (let l = 1; l < c.sizes.length; l++) {
    const act = l === c.sizes.length - 1 ? c.output : c.hidden;
    const w = chunk(numbers(c.sizes[l - 1] * c.sizes[l], seed + 10 * l), c.sizes[l]);
    const b = numbers(c.sizes[l], seed + 10 * l + 5).map((v) => v / 2);
    ref.push({ act, w: w.map((r) => r.slice()), b: b.slice() });
    layers.push({ size: c.sizes[l], activation: act, weights: w, biases: b });
  }
  const spec = specOf({ layers, loss: c.loss, learningRate: 0.1, batch: { size: c.batch, reduction: c.reduction }, data: { inputs, targets }, epochs: 1 });
  const trainer = new Trainer(spec);
  // stand after the last backward stop, before the update
  while (trainer.position < trainer.stops.length - 1) trainer.step();
  const numeric = numericGradients(ref, inputs, targets, c.loss, c.reduction === 'mean');
  for (let l = 1; l < c.sizes.length; l++) {
    const layer = trainer.layers[l];
    const dw = rows(layer.dw.data, layer.dw.rows, layer.dw.cols);
    const want = numeric[l - 1];
    dw.forEach((row, j) =>
      row.forEach((v, k) => assert.ok(close(v, want.dw[j][k]), `∂w[${l}][${j}][${k}]: engine ${v}, central difference ${want.dw[j][k]}`)),
    );
    Array.from(layer.db).forEach((v, k) => assert.ok(close(v, want.db[k]), `∂b[${l}][${k}]: engine ${v}, central difference ${want.db[k]}`));
  }
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

suite('gradients against central differences', () => {
  const outputs: { output: ActivationName; loss: Case['loss'] }[] = [
    ...ACTIVATIONS.map((output) => ({ output, loss: 'sum-of-squares' as const })),
    { output: 'sigmoid', loss: 'cross-entropy' },
    { output: 'softmax', loss: 'cross-entropy' },
  ];
  let seed = 100;
  for (const hidden of ACTIVATIONS) {
    for (const { output, loss } of outputs) {
      test(`hidden ${hidden}, output ${output}, ${loss}`, () => {
        check({ sizes: [3, 4, 3], hidden, output, loss, batch: 1, reduction: 'sum' }, (seed += 37));
        check({ sizes: [3, 4, 3], hidden, output, loss, batch: 5, reduction: 'mean' }, (seed += 37));
      });
    }
  }
  for (const depth of [2, 3, 4, 5]) {
    for (const reduction of ['sum', 'mean'] as const) {
      for (const batch of [1, 2, 7]) {
        test(`depth ${depth}, batch ${batch}, ${reduction}`, () => {
          const sizes = [2, 5, 4, 3, 2].slice(0, depth);
          check({ sizes, hidden: 'tanh', output: 'softmax', loss: 'cross-entropy', batch, reduction }, (seed += 11));
          check({ sizes, hidden: 'sigmoid', output: 'identity', loss: 'sum-of-squares', batch, reduction }, (seed += 11));
        });
      }
    }
  }

  test('after the update, the check is of the ∂w on screen (at the weights the forward pass used)', () => {
    const spec = specOf({
      layers: [{ size: 2 }, { size: 2, activation: 'sigmoid', weights: [[0.15, 0.25], [0.2, 0.3]], biases: [0.35, 0.35] }, { size: 2, activation: 'sigmoid', weights: [[0.4, 0.5], [0.45, 0.55]], biases: [0.6, 0.6] }],
      learningRate: 0.5,
      data: { inputs: [[0.05, 0.1]], targets: [[0.01, 0.99]] },
    });
    const trainer = new Trainer(spec);
    trainer.finishIteration();
    const result = gradientCheck(trainer);
    const dw00 = result.entries.find((e) => e.layer === 2 && e.quantity === 'dw' && e.j === 0 && e.k === 0)!;
    // the published worked example: ∂w_00 of the output layer = 0.082167041 (before the update)
    assert.ok(Math.abs(dw00.analytic - 0.082167041) < 1e-9, String(dw00.analytic));
    assert.ok(result.worst!.relativeError < 1e-7);
    assert.deepStrictEqual([trainer.iteration, trainer.position], [1, trainer.stops.length], 'left where it was');
    assert.ok(Math.abs(trainer.layers[2].w.data[0] - 0.35891648) < 1e-8, 'with the updated weights');
  });

  test("the engine's own gradient check (the one the UI calls) agrees and leaves the session untouched", () => {
    const spec = specOf({
      layers: [{ size: 2 }, { size: 3, activation: 'tanh' }, { size: 2, activation: 'softmax' }],
      batch: { size: 2, reduction: 'mean' },
      data: { inputs: [[0.3, -0.2], [0.1, 0.9]], targets: [[1, 0], [0, 1]] },
    });
    const trainer = new Trainer(spec);
    trainer.runIterations(3);
    trainer.step();
    const before = { iteration: trainer.iteration, position: trainer.position, w: Array.from(trainer.layers[1].w.data), u: Array.from(trainer.layers[1].u.data) };
    const result = gradientCheck(trainer);
    assert.strictEqual(result.checked, result.total);
    assert.strictEqual(result.total, 2 * 3 + 3 + 3 * 2 + 2);
    assert.ok(result.worst && result.worst.relativeError < 1e-7, `worst relative error ${result.worst?.relativeError}`);
    assert.deepStrictEqual({ iteration: trainer.iteration, position: trainer.position, w: Array.from(trainer.layers[1].w.data), u: Array.from(trainer.layers[1].u.data) }, before);
  });
});

// Health warnings, each checked on a network built so that the answer is known by construction.

import * as assert from 'node:assert';
import { findNonFinite, gradientProblem, layerWarnings } from '../../src/engine/diagnostics';
import { Trainer } from '../../src/engine/trainer';
import { specOf } from './helpers';

function at(network: object, stops: number): Trainer {
  const t = new Trainer(specOf(network));
  for (let i = 0; i < stops; i++) t.step();
  return t;
}

suite('diagnostics', () => {
  test('a zero input gives ∂w = 0 but is no vanishing gradient; a tiny δ is', () => {
    // XOR's first sample is (0, 0): ∂w of layer 1 = y_i δ_j = 0, while δ is not small
    const xor = { layers: [{ size: 2 }, { size: 3, activation: 'sigmoid' }, { size: 1, activation: 'sigmoid' }], init: { scale: 1 }, data: 'xor' };
    const t = at(xor, 5);
    assert.deepStrictEqual(Array.from(t.layers[1].dw.data), [0, 0, 0, 0, 0, 0]);
    assert.deepStrictEqual(layerWarnings(t, 1), []);
    assert.strictEqual(gradientProblem(0, 1e-9, 0.5), 'vanishing');
    assert.strictEqual(gradientProblem(0, 1e-9, 0), undefined, 'no error, nothing to learn: not vanishing');
    assert.strictEqual(gradientProblem(2e3, 1, 0.5), 'exploding');
  });

  test('saturated sigmoid units: u so large that y rounds to 1', () => {
    const t = at({ layers: [{ size: 1 }, { size: 2, activation: 'sigmoid', weights: [[100, 0.1]], biases: [0, 0] }, { size: 1 }], data: { inputs: [[1]], targets: [[0]] } }, 1);
    const w = layerWarnings(t, 1);
    assert.deepStrictEqual(w.map((x) => [x.kind, x.neurons]), [['saturated', [0]]]);
  });

  test('dead ReLU units: u ≤ 0 for every sample of the batch', () => {
    const t = at({ layers: [{ size: 1 }, { size: 2, activation: 'relu', weights: [[-1, 1]], biases: [0, 0] }, { size: 1 }], batch: { size: 2 }, data: { inputs: [[1], [2]], targets: [[0], [0]] } }, 1);
    assert.deepStrictEqual(layerWarnings(t, 1).map((x) => [x.kind, x.neurons]), [['dead', [0]]]);
  });

  test('the first non-finite value names its layer, quantity, sample, neuron and phase', () => {
    // u = 1e308 · 10 overflows to Infinity in neuron 1 of layer 1
    const t = at({ layers: [{ size: 1 }, { size: 2, activation: 'identity', weights: [[1, 1e308]], biases: [0, 0] }, { size: 1 }], data: { inputs: [[10]], targets: [[0]] } }, 1);
    assert.deepStrictEqual(findNonFinite(t, t.currentStop!), { layer: 1, quantity: 'u', phase: 'forward', row: 0, column: 1, value: Infinity });
  });
});

// The 2-2-2 example of examples/hand-2-2-2.backprop.json against values computed by hand. They are
// the published numbers of a well-known worked example of backpropagation (inputs 0.05, 0.10,
// targets 0.01, 0.99, η = 0.5), quoted to the digits it prints, and re-derived below where short.

import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';

const file = path.join(__dirname, '../../examples/hand-2-2-2.backprop.json');

function near(actual: number, expected: number, digits: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 0.6 * 10 ** -digits, `${what}: ${actual}, by hand ${expected}`);
}

suite('the hand-computed 2-2-2 example', () => {
  function trainer(): Trainer {
    const r = loadNetworkFile(file);
    assert.ok(r.spec, JSON.stringify(r.errors));
    return new Trainer(r.spec);
  }

  test('forward pass: u and y of the hidden and output layers', () => {
    const t = trainer();
    t.step();
    // u_h0 = 0.15·0.05 + 0.20·0.10 + 0.35 = 0.3775;  u_h1 = 0.25·0.05 + 0.30·0.10 + 0.35 = 0.3925
    near(t.layers[1].u.data[0], 0.3775, 12, 'u_h0');
    near(t.layers[1].u.data[1], 0.3925, 12, 'u_h1');
    near(t.layers[1].y.data[0], 0.593269992, 9, 'y_h0');
    near(t.layers[1].y.data[1], 0.596884378, 9, 'y_h1');
    t.step();
    near(t.layers[2].u.data[0], 1.105905967, 9, 'u_o0');
    near(t.layers[2].y.data[0], 0.75136507, 8, 'y_o0');
    near(t.layers[2].y.data[1], 0.772928465, 9, 'y_o1');
  });

  test('loss E = ½Σ(y − t)²', () => {
    const t = trainer();
    t.step();
    t.step();
    assert.strictEqual(t.lossComputed, false);
    t.step();
    // ½(0.75136507 − 0.01)² + ½(0.772928465 − 0.99)² = 0.274811083 + 0.023560026
    near(t.lossValue, 0.298371109, 9, 'E');
  });

  test('backward pass: δ, ∂w, ∂b of the output layer, ∂y and δ of the hidden layer', () => {
    const t = trainer();
    for (let i = 0; i < 4; i++) t.step();
    assert.deepStrictEqual(t.currentStop, { phase: 'backward', layer: 2 });
    // δ_k = (y_k − t_k)(1 − y_k)y_k
    near(t.layers[2].delta.data[0], 0.138498562, 9, 'δ_o0');
    near(t.layers[2].delta.data[1], -0.038098236, 9, 'δ_o1');
    near(t.layers[2].dy.data[0], 0.74136507, 8, '∂y_o0 = y − t');
    // ∂w_jk = y_j δ_k
    near(t.layers[2].dw.data[0], 0.082167041, 9, '∂w_00 (w5)');
    near(t.layers[2].dw.data[2], 0.082667628, 9, '∂w_10 (w6)');
    near(t.layers[2].db[0], 0.138498562, 9, '∂b_0 = δ_0');
    assert.strictEqual(t.isComputed(1, 'delta'), false);
    t.step();
    // ∂y_j = Σ_r δ_r w_jr = 0.138498562·0.40 − 0.038098236·0.50
    near(t.layers[1].dy.data[0], 0.036350306, 9, '∂y_h0');
    near(t.layers[1].dw.data[0], 0.000438568, 9, '∂w_00 (w1)');
  });

  test('update: w ← w − η∂w gives the published new weights', () => {
    const t = trainer();
    t.finishIteration();
    const out = t.layers[2].w.data;
    near(out[0], 0.35891648, 8, 'w5');
    near(out[2], 0.408666186, 9, 'w6');
    near(out[1], 0.51130127, 8, 'w7');
    near(out[3], 0.561370121, 9, 'w8');
    const hidden = t.layers[1].w.data;
    near(hidden[0], 0.149780716, 9, 'w1');
    near(hidden[2], 0.19956143, 8, 'w2');
    near(hidden[1], 0.24975114, 8, 'w3');
    near(hidden[3], 0.29950229, 8, 'w4');
  });

  test('frozen weights and biases are not updated', () => {
    const r = loadNetworkFile(file, fs.readFileSync(file, 'utf8').replace('"biases": [0.60, 0.60]', '"biases": [0.60, 0.60], "trainWeights": false, "trainBiases": false'));
    assert.ok(r.spec);
    const t = new Trainer(r.spec);
    t.finishIteration();
    assert.deepStrictEqual(Array.from(t.layers[2].w.data), [0.4, 0.5, 0.45, 0.55]);
    assert.deepStrictEqual(Array.from(t.layers[2].b), [0.6, 0.6]);
    near(t.layers[1].w.data[0], 0.149780716, 9, 'w1 still trains');
  });
});

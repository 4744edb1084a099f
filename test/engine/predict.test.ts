// What the network has learned (src/engine/predict.ts and `cli.js predict`): outputs of networks with
// weights given in the file computed here by hand, the grid's points written out, XOR's four corners
// after training, the sin target against the built-in data, and that predicting changes nothing of training.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNetworkFile } from '../../src/engine/load';
import { fromRows, matrix } from '../../src/engine/matrix';
import { classOf, confusion, gridInputs, inputRange, predict, targetFunction, taskOf } from '../../src/engine/predict';
import { Trainer } from '../../src/engine/trainer';
import { specOf } from './helpers';

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const sigmoid = (u: number): number => 1 / (1 + Math.exp(-u));

/** 2-2-1: sigmoid hidden, identity output, every weight given. */
const explicit = {
  name: 'explicit',
  layers: [
    { size: 2 },
    { size: 2, activation: 'sigmoid', weights: [[0.1, -0.2], [0.3, 0.4]], biases: [0.5, -0.6] },
    { size: 1, activation: 'identity', weights: [[0.7], [-0.8]], biases: [0.9] },
  ],
  loss: 'sum-of-squares',
  learningRate: 0.5,
  data: { inputs: [[0, 0], [1, 2], [-3, 0.5]], targets: [[0], [1], [0]] },
  epochs: 1,
};

/** y of `explicit` for one input, written out from the weights above. */
function byHand(x1: number, x2: number): number {
  const y1 = sigmoid(x1 * 0.1 + x2 * 0.3 + 0.5);
  const y2 = sigmoid(x1 * -0.2 + x2 * 0.4 - 0.6);
  return y1 * 0.7 + y2 * -0.8 + 0.9;
}

function trained(file: string, iterations?: number): Trainer {
  const r = loadNetworkFile(path.join(root, 'examples', file));
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const t = new Trainer(r.spec, { record: false });
  t.runIterations(iterations ?? t.totalIterations);
  return t;
}

suite('predict: the learned function', () => {
  test('outputs of a network with given weights, computed by hand', () => {
    const t = new Trainer(specOf(explicit));
    const points = [[0, 0], [1, 2], [-3, 0.5], [10, -10]];
    const y = predict(t.layers, fromRows(points));
    assert.strictEqual(y.rows, 4);
    assert.strictEqual(y.cols, 1);
    points.forEach(([a, b], s) => assert.ok(Math.abs(y.data[s] - byHand(a, b)) < 1e-14, `point ${s}: ${y.data[s]} vs ${byHand(a, b)}`));
  });

  test('softmax outputs sum to 1 and follow the hand computation', () => {
    const t = new Trainer(
      specOf({
        name: 'softmax',
        layers: [{ size: 1 }, { size: 3, activation: 'softmax', weights: [[1, 2, -1]], biases: [0, -1, 0.5] }],
        loss: 'cross-entropy',
        learningRate: 0.1,
        data: { inputs: [[0]], targets: [[1, 0, 0]] },
        epochs: 1,
      }),
    );
    const x = 0.7;
    const u = [x * 1 + 0, x * 2 - 1, x * -1 + 0.5];
    const z = u.reduce((s, v) => s + Math.exp(v), 0);
    const y = predict(t.layers, fromRows([[x]]));
    u.forEach((v, k) => assert.ok(Math.abs(y.data[k] - Math.exp(v) / z) < 1e-15));
  });

  test('more points than one chunk (a 100 × 100 grid) give each point what it gives alone', () => {
    const t = trained('xor.backprop.json', 500);
    const grid = gridInputs(t.spec.data.inputs, 100);
    assert.strictEqual(grid.inputs.rows, 10000);
    const all = predict(t.layers, grid.inputs);
    for (const s of [0, 255, 256, 511, 512, 1023, 1024, 5000, 9999]) {
      const alone = predict(t.layers, matrix(1, 2, grid.inputs.data.slice(2 * s, 2 * s + 2)));
      assert.strictEqual(all.data[s], alone.data[0], `point ${s}`);
    }
  });

  test('predicting changes nothing of training: the same losses and weights as without it', () => {
    const a = new Trainer(specOf(explicit));
    const b = new Trainer(specOf(explicit));
    const grid = gridInputs(a.spec.data.inputs, 30);
    for (let x = 0; x < 7; x++) {
      // in the middle of an iteration too: between forward and backward the layers' buffers hold this batch
      a.step();
      b.step();
      predict(a.layers, grid.inputs);
    }
    a.runIterations(2);
    b.runIterations(2);
    assert.strictEqual(a.lossValue, b.lossValue);
    assert.deepStrictEqual(Array.from(a.layers[1].w.data), Array.from(b.layers[1].w.data));
    assert.deepStrictEqual(Array.from(a.layers[2].y.data), Array.from(b.layers[2].y.data));
  });

  test('XOR after training classifies its four corners', () => {
    const t = trained('xor.backprop.json');
    const y = predict(t.layers, fromRows([[0, 0], [0, 1], [1, 0], [1, 1]]));
    assert.deepStrictEqual([0, 1, 2, 3].map((s) => classOf(y, s)), [0, 1, 1, 0], `y = ${Array.from(y.data)}`);
    // and untrained it does not (the test would pass for any network otherwise)
    const fresh = trained('xor.backprop.json', 0);
    const y0 = predict(fresh.layers, fromRows([[0, 0], [0, 1], [1, 0], [1, 1]]));
    assert.notDeepStrictEqual([0, 1, 2, 3].map((s) => classOf(y0, s)), [0, 1, 1, 0]);
  });

  test('a grid: K points over one input with a 10 % margin each side', () => {
    const data = fromRows([[0], [0.5], [1]]);
    assert.deepStrictEqual(inputRange(data, 0), { lo: -0.1, hi: 1.1 });
    const g = gridInputs(data, 5);
    const expected = [-0.1, 0.2, 0.5, 0.8, 1.1];
    assert.strictEqual(g.inputs.rows, 5);
    expected.forEach((v, a) => assert.ok(Math.abs(g.inputs.data[a] - v) < 1e-15, `${g.inputs.data[a]} vs ${v}`));
  });

  test('a grid: K × K over two inputs, the first input varying fastest', () => {
    // x₁ in [0, 10] → [−1, 11]; x₂ in [−2, 2] → [−2.4, 2.4]
    const g = gridInputs(fromRows([[0, -2], [10, 2]]), 3);
    assert.deepStrictEqual(g.ranges, [{ lo: -1, hi: 11 }, { lo: -2.4, hi: 2.4 }]);
    const rows = Array.from({ length: 9 }, (_, r) => [g.inputs.data[2 * r], Number(g.inputs.data[2 * r + 1].toFixed(12))]);
    assert.deepStrictEqual(rows, [[-1, -2.4], [5, -2.4], [11, -2.4], [-1, 0], [5, 0], [11, 0], [-1, 2.4], [5, 2.4], [11, 2.4]]);
    assert.throws(() => gridInputs(fromRows([[1, 2, 3]]), 3), /one or two inputs/);
  });

  test('task, classes and the confusion matrix', () => {
    assert.strictEqual(taskOf(fromRows([[0], [1], [1]])), 'classification');
    assert.strictEqual(taskOf(fromRows([[1, 0, 0], [0, 0, 1]])), 'classification');
    assert.strictEqual(taskOf(fromRows([[0.5], [1]])), 'regression');
    assert.strictEqual(taskOf(fromRows([[1, 1, 0]])), 'regression');
    // targets: classes 0, 1, 2, 2; predictions: 0, 2, 2, 1 → two right
    const targets = fromRows([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]]);
    const outputs = fromRows([[0.8, 0.1, 0.1], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]]);
    assert.deepStrictEqual(confusion(outputs, targets), { counts: [[1, 0, 0], [0, 0, 1], [0, 1, 1]], accuracy: 0.5 });
    // one output: y ≥ 0.5 is class 1
    assert.deepStrictEqual(confusion(fromRows([[0.2], [0.5], [0.9]]), fromRows([[0], [0], [1]])), { counts: [[1, 1], [0, 1]], accuracy: 2 / 3 });
  });

  test("the built-in sin's target function is its data without noise", () => {
    const t = trained('sin.backprop.json', 0);
    const f = targetFunction(t.spec.data.source);
    assert.ok(f);
    const X = t.spec.data.inputs;
    const T = t.spec.data.targets;
    assert.strictEqual(X.rows, 63);
    for (let s = 0; s < X.rows; s++) assert.ok(Math.abs(f(X.data[s]) - T.data[s]) < 1e-12, `sample ${s}`);
    assert.strictEqual(targetFunction('built-in xor'), undefined);
  });

  test('sin after training: its curve stays near sin over the data', () => {
    const t = trained('sin.backprop.json');
    const f = targetFunction(t.spec.data.source)!;
    const y = predict(t.layers, t.spec.data.inputs);
    let worst = 0;
    for (let s = 0; s < y.rows; s++) worst = Math.max(worst, Math.abs(y.data[s] - f(t.spec.data.inputs.data[s])));
    assert.ok(worst < 0.15, `largest |y − sin| over the data: ${worst}`);
  });
});

suite('cli.js predict', () => {
  const work = path.join(__dirname, `.predict-${process.pid}`);
  const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [cli, 'predict', ...args], { encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  suiteSetup(function () {
    this.timeout(60000);
    fs.mkdirSync(work, { recursive: true });
    if (!fs.existsSync(cli)) assert.strictEqual(spawnSync(process.execPath, ['esbuild.js'], { cwd: root }).status, 0);
  });
  suiteTeardown(() => fs.rmSync(work, { recursive: true, force: true }));

  test('--on data: with η = 0 the given weights stay, so the outputs are the hand-computed ones; --iterations 0 is refused', () => {
    const file = path.join(work, 'explicit.backprop.json');
    fs.writeFileSync(file, JSON.stringify({ ...explicit, learningRate: 0 }));
    // η = 0: training leaves the weights as given, so the outputs are the hand-computed ones
    const r = run(file, '--on', 'data', '--format', 'json');
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { inputs: number[][]; outputs: number[][] };
    assert.deepStrictEqual(out.inputs, explicit.data.inputs);
    out.inputs.forEach(([a, b], s) => assert.ok(Math.abs(out.outputs[s][0] - byHand(a, b)) < 1e-14));
    assert.strictEqual(run(file, '--iterations', '0').status, 1);
  });

  test('--grid K over XOR after training: K² points spanning [−0.1, 1.1]², the corners classified', () => {
    const r = run(path.join(root, 'examples/xor.backprop.json'), '--grid', '12');
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { inputs: number[][]; outputs: number[][] };
    assert.strictEqual(out.inputs.length, 144);
    assert.deepStrictEqual(out.inputs[0], [-0.1, -0.1]);
    assert.deepStrictEqual(out.inputs[143].map((v) => Number(v.toFixed(12))), [1.1, 1.1]);
    // the grid points nearest the corners (0.0091 and 1.0 away by a step of 1.2/11)
    const at = (x: number, y: number): number => {
      let best = 0;
      out.inputs.forEach((p, i) => {
        if (Math.hypot(p[0] - x, p[1] - y) < Math.hypot(out.inputs[best][0] - x, out.inputs[best][1] - y)) best = i;
      });
      return out.outputs[best][0];
    };
    assert.ok(at(0, 0) < 0.5 && at(1, 1) < 0.5 && at(0, 1) > 0.5 && at(1, 0) > 0.5, JSON.stringify([at(0, 0), at(0, 1), at(1, 0), at(1, 1)]));
  });

  test('bad options: a grid over iris (4 inputs), --grid with --on, an unknown --on', () => {
    const iris = path.join(root, 'examples/iris.backprop.json');
    const g = run(iris, '--iterations', '1');
    assert.strictEqual(g.status, 1);
    assert.match(g.stderr, /one or two inputs.*--on data/);
    assert.strictEqual(run(iris, '--grid', '5', '--on', 'data').status, 1);
    assert.match(run(iris, '--on', 'grid').stderr, /--on must be data/);
    const d = run(iris, '--iterations', '3', '--on', 'data');
    assert.strictEqual(d.status, 0, d.stderr);
    const out = JSON.parse(d.stdout) as { inputs: number[][]; outputs: number[][] };
    assert.strictEqual(out.outputs.length, 75);
    for (const row of out.outputs) assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-12);
  });
});

// The data sources of a network file: CSV beside it, the built-in sets, synthetic samples.

import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Trainer } from '../../src/engine/trainer';
import { parse, specOf } from './helpers';

const examples = path.join(__dirname, '../../examples');
const readExample = (p: string): string => fs.readFileSync(path.join(examples, p), 'utf8');

suite('data', () => {
  test('iris from the CSV file equals the built-in iris, one-hot encoded and standardised', () => {
    const layers = [{ size: 4 }, { size: 3, activation: 'softmax' }];
    const fromCsv = specOf(
      {
        layers,
        data: { csv: 'iris.csv', inputColumns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], targetColumns: ['species'], oneHot: true, standardize: true },
      },
      readExample,
    ).data;
    const builtin = specOf({ layers, data: 'iris' }).data;
    assert.strictEqual(fromCsv.inputs.rows, 150);
    assert.deepStrictEqual(Array.from(fromCsv.targets.data), Array.from(builtin.targets.data));
    for (let x = 0; x < fromCsv.inputs.data.length; x++) assert.ok(Math.abs(fromCsv.inputs.data[x] - builtin.inputs.data[x]) < 1e-12);
    // standardised: every column has mean 0 and standard deviation 1
    for (let c = 0; c < 4; c++) {
      const col = Array.from({ length: 150 }, (_, r) => fromCsv.inputs.data[r * 4 + c]);
      const mean = col.reduce((a, b) => a + b) / 150;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / 150);
      assert.ok(Math.abs(mean) < 1e-12 && Math.abs(sd - 1) < 1e-12);
    }
    // the first flower is a setosa (5.1, 3.5, 1.4, 0.2), the last a virginica
    assert.deepStrictEqual(Array.from(fromCsv.targets.data.subarray(0, 3)), [1, 0, 0]);
    assert.deepStrictEqual(Array.from(fromCsv.targets.data.subarray(447, 450)), [0, 0, 1]);
  });

  test('"every": 2 keeps half the samples, as the textbook splits iris', () => {
    const spec = specOf({ layers: [{ size: 4 }, { size: 3, activation: 'softmax' }], data: { builtin: 'iris', every: 2, standardize: false } });
    assert.strictEqual(spec.data.inputs.rows, 75);
    assert.deepStrictEqual(Array.from(spec.data.inputs.data.subarray(4, 8)), [4.7, 3.2, 1.3, 0.2]);
  });

  test('a bad CSV cell is reported at its line and column in the CSV file', () => {
    const csv = 'a,b,t\n0,1,1\n1,x,0\n';
    const result = parse({ layers: [{ size: 2 }, { size: 1 }], data: { csv: 'd.csv', inputColumns: ['a', 'b'], targetColumns: ['t'] } }, () => csv);
    assert.strictEqual(result.spec, undefined);
    assert.deepStrictEqual(
      result.errors.map((e) => [e.file, e.line, e.column]),
      [['d.csv', 3, 3]],
      result.errors.map((e) => e.message).join(),
    );
    assert.match(result.errors[0].message, /"x" in column "b" is not a finite number/);
  });

  test('a CSV column that does not exist is named with the ones that do', () => {
    const result = parse({ layers: [{ size: 2 }, { size: 1 }], data: { csv: 'd.csv', inputColumns: ['a', 'z'], targetColumns: ['t'] } }, () => 'a,b,t\n0,1,1\n');
    assert.match(result.errors[0].message, /no column "z" in "d.csv" \(its columns: "a", "b", "t"\)/);
  });

  test('built-in sin: x from 0 to 2π in steps of 0.1, rescaled, target sin x', () => {
    const spec = specOf({ layers: [{ size: 1 }, { size: 3 }, { size: 1, activation: 'identity' }], data: 'sin' });
    assert.strictEqual(spec.data.inputs.rows, 63);
    assert.strictEqual(spec.data.inputs.data[0], -1);
    assert.ok(Math.abs(spec.data.targets.data[10] - Math.sin(1)) < 1e-15);
  });

  test('classification sets give one-hot targets for as many outputs as classes, or 0/1 for one output', () => {
    const two = specOf({ layers: [{ size: 2 }, { size: 2, activation: 'softmax' }], data: 'xor' });
    assert.deepStrictEqual(Array.from(two.data.targets.data), [1, 0, 0, 1, 0, 1, 1, 0]);
    const one = specOf({ layers: [{ size: 2 }, { size: 1 }], data: 'xor' });
    assert.deepStrictEqual(Array.from(one.data.targets.data), [0, 1, 1, 0]);
    const circle = specOf({ layers: [{ size: 2 }, { size: 1 }], data: { builtin: 'circle', samples: 50 } });
    assert.strictEqual(circle.data.inputs.rows, 50);
    // inside the circle of radius √0.5 ⇔ target 1, checked here from the inputs
    for (let s = 0; s < 50; s++) {
      const [x, y] = circle.data.inputs.data.subarray(2 * s, 2 * s + 2);
      assert.strictEqual(circle.data.targets.data[s], x * x + y * y < 0.5 ? 1 : 0);
    }
  });

  test("synthetic data has the network's shape and is seeded", () => {
    const net = { layers: [{ size: 5 }, { size: 4, activation: 'softmax' }], data: { builtin: 'synthetic', samples: 30 }, init: { seed: 9 } };
    const a = specOf(net).data;
    const b = specOf(net).data;
    assert.deepStrictEqual([a.inputs.rows, a.inputs.cols, a.targets.cols], [30, 5, 4]);
    assert.deepStrictEqual(Array.from(a.inputs.data), Array.from(b.inputs.data));
    for (let s = 0; s < 30; s++) assert.strictEqual(a.targets.data.subarray(4 * s, 4 * s + 4).reduce((x, y) => x + y), 1);
  });

  test('the last batch of an epoch may be shorter; the mean divides by its own size', () => {
    const spec = specOf({
      layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[1]], biases: [0] }],
      batch: { size: 2, reduction: 'mean' },
      data: { inputs: [[1], [2], [3]], targets: [[0], [0], [0]] },
    });
    const t = new Trainer(spec);
    assert.strictEqual(t.batchesPerEpoch, 2);
    t.step();
    t.step();
    // E = (½·1² + ½·2²) / 2
    assert.strictEqual(t.lossValue, 1.25);
    t.finishIteration();
    t.step();
    assert.strictEqual(t.batchSize, 1);
    assert.deepStrictEqual(Array.from(t.samples.subarray(0, 1)), [2]);
  });

  test('every template of "New Network File" parses, and those that are examples are the same files', () => {
    const templates = path.join(__dirname, '../../media/templates');
    for (const file of fs.readdirSync(templates)) {
      const text = fs.readFileSync(path.join(templates, file), 'utf8');
      assert.deepStrictEqual(parse(text).errors, [], file);
      if (file !== 'iris.backprop.json') assert.strictEqual(text, readExample(file), `${file} differs from examples/${file}`);
    }
  });

  test('every example network parses', () => {
    for (const file of fs.readdirSync(examples).filter((f) => f.endsWith('.backprop.json'))) {
      const result = parse(readExample(file), readExample);
      assert.deepStrictEqual(result.errors, [], file);
    }
  });
});

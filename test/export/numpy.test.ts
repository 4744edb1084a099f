// The NumPy export (src/export/numpy.ts): the generated script, run with Debian's python3 and NumPy,
// prints the engine's trace — every example network, every activation × loss pair, both reductions,
// shuffled batches, frozen parameters, random networks, NaN and ±Infinity — to 1e-12 relative to each
// tensor's largest magnitude; a bug planted in a script is found; the script reads like the notes.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ActivationName } from '../../src/engine/activations';
import { loadNetworkFile } from '../../src/engine/load';
import type { NetworkSpec } from '../../src/engine/spec';
import { traceIterations, writeIterationJson } from '../../src/engine/trace';
import { Trainer } from '../../src/engine/trainer';
import { numpyScript } from '../../src/export/numpy';
import { pythonFloat } from '../../src/export/pythonLiteral';
import { chunk, numbers, specOf } from '../engine/helpers';
import { firstTraceDifference, type Scale } from './traceDiff';

/** Debian's python3, with python3-numpy (scripts/setup-vscode.sh installs it); another python3 may come first on PATH. */
const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-12;
const root = path.join(__dirname, '../..');
const examples = path.join(root, 'examples');
const work = path.join(__dirname, `.numpy-${process.pid}`);

/** The engine's trace of the first `iterations` iterations, as `cli.js trace` writes it. */
function engineTrace(spec: NetworkSpec, iterations: number): string {
  const trainer = new Trainer(spec, { record: false });
  const parts: string[] = [];
  traceIterations(trainer, { iterations }, () => writeIterationJson(trainer, (c) => parts.push(c)));
  return parts.join('');
}

let scripts = 0;

/** Runs a script with `--iterations N` and returns its standard output; fails the test when it does not exit 0. */
function runScript(script: string, iterations: number): string {
  const file = path.join(work, `net${++scripts}.py`);
  fs.writeFileSync(file, script);
  const r = spawnSync(PYTHON, [file, '--iterations', String(iterations)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.strictEqual(r.status, 0, `${file}: ${r.error?.message ?? ''}${r.stderr}`);
  return r.stdout;
}

/** The exported script's trace against the engine's; fails with the first difference. */
function assertSameTrace(spec: NetworkSpec, iterations: number, scale: Scale = 'record', fileText?: string): void {
  const expected = engineTrace(spec, iterations);
  const got = runScript(numpyScript(spec, { fileText }), iterations);
  const difference = firstTraceDifference(expected, got, TOLERANCE, scale);
  assert.strictEqual(difference, undefined, `${spec.name}: ${difference}`);
}

function example(name: string): { spec: NetworkSpec; text: string } {
  const file = path.join(examples, `${name}.backprop.json`);
  const result = loadNetworkFile(file);
  if (!result.spec) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return { spec: result.spec, text: fs.readFileSync(file, 'utf8') };
}

/** A seeded source of choices for the random networks (the tests' own generator, not the engine's). */
function chooser(seed: number): { next: () => number; pick: <T>(xs: readonly T[]) => T; int: (lo: number, hi: number) => number } {
  const values = numbers(4000, seed);
  let p = 0;
  const next = (): number => (values[p++ % values.length] + 1) / 2;
  return { next, pick: (xs) => xs[Math.floor(next() * xs.length)], int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const ACTIVATIONS: readonly ActivationName[] = ['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax'];

/** Targets fit for the loss and output: one-hot rows for softmax with cross-entropy, [0, 1] after sigmoid, else any. */
function targetsFor(loss: string, output: ActivationName, rows: number, cols: number, values: number[]): number[][] {
  return chunk(values.slice(0, rows * cols), cols).map((row, s) => {
    if (loss === 'cross-entropy' && output === 'softmax') return row.map((_, k) => (k === s % cols ? 1 : 0));
    if (loss === 'cross-entropy') return row.map((v) => (v + 1) / 2);
    return row;
  });
}

const OPTIMIZERS: readonly object[] = [
  { name: 'sgd' },
  { name: 'momentum', momentum: 0.8 },
  { name: 'adagrad', epsilon: 1e-6 },
  { name: 'rmsprop', rho: 0.95, epsilon: 1e-7 },
  { name: 'adam', beta1: 0.85, beta2: 0.99, epsilon: 1e-8 },
];

/**
 * A random network: 1 to 3 layers after the inputs, any activations, a loss that fits, frozen and given
 * parameters sometimes; with `extras`, any optimizer, weight decay and dropout on hidden layers too.
 */
function randomNetwork(seed: number, extras = false): object {
  const c = chooser(seed);
  const depth = c.int(1, 3);
  const sizes = [c.int(1, 4), ...Array.from({ length: depth - 1 }, () => c.int(1, 5)), c.int(1, 4)];
  const acts = sizes.map(() => c.pick(ACTIVATIONS));
  const output = acts[depth];
  const loss = (output === 'softmax' || output === 'sigmoid') && c.next() < 0.6 ? 'cross-entropy' : 'sum-of-squares';
  const samples = c.int(2, 9);
  const layers: object[] = [{ size: sizes[0] }];
  for (let l = 1; l <= depth; l++) {
    const layer: Record<string, unknown> = { size: sizes[l], activation: acts[l] };
    if (acts[l] === 'leaky-relu') layer.alpha = 0.01 + c.next() * 0.3;
    if (c.next() < 0.3) layer.weights = chunk(numbers(sizes[l - 1] * sizes[l], seed * 31 + l), sizes[l]);
    if (c.next() < 0.3) layer.biases = numbers(sizes[l], seed * 37 + l);
    if (c.next() < 0.2) layer.trainWeights = false;
    if (c.next() < 0.2) layer.trainBiases = false;
    if (extras && l < depth && c.next() < 0.6) layer.dropout = c.pick([0.1, 0.3, 0.5]);
    layers.push(layer);
  }
  const more = extras ? { optimizer: c.pick(OPTIMIZERS), weightDecay: c.pick([0, 0, 0.01, 0.3]) } : {};
  return {
    ...more,
    name: `random ${seed}`,
    layers,
    loss,
    learningRate: 0.01 + c.next() * 0.5,
    batch: { size: c.int(1, 5), reduction: c.pick(['sum', 'mean']), shuffle: c.next() < 0.5 },
    init: { seed: c.pick([1, 7, -3, 123456789, 2 ** 40 + 5]), distribution: c.pick(['uniform', 'normal', 'xavier', 'he']), scale: 0.1 + c.next() * 1.4 },
    data: { inputs: chunk(numbers(samples * sizes[0], seed * 41), sizes[0]), targets: targetsFor(loss, output, samples, sizes[depth], numbers(samples * sizes[depth], seed * 43)) },
    epochs: 50,
  };
}

suite('Export as NumPy: the script trains as the engine does', function () {
  this.timeout(120_000);
  suiteSetup(() => {
    fs.mkdirSync(work, { recursive: true });
    const r = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, `${PYTHON} with NumPy is needed (scripts/setup-vscode.sh installs python3-numpy): ${r.error?.message ?? r.stderr}`);
  });
  suiteTeardown(() => fs.rmSync(work, { recursive: true, force: true }));

  // every example network (found by listing, so a new one is covered), for as many iterations as a test can
  // afford (the trace of a 64-neuron network with Adam's state is 100 ms of JSON per iteration) and xor's
  // first 250: see its whole run below
  const FEW: Readonly<Record<string, number>> = { 'digits-784-128-10': 3, 'spiral-dropout': 30, xor: 250 };
  for (const name of fs.readdirSync(examples).filter((f) => f.endsWith('.backprop.json')).map((f) => f.replace('.backprop.json', ''))) {
    const iterations = FEW[name] ?? 300;
    test(`example ${name}: ${iterations} iterations`, () => {
      const { spec, text } = example(name);
      assertSameTrace(spec, iterations, 'record', text);
    });
  }

  test('xor: the whole run (12,000 iterations) to 1e-12 of each quantity over the run', () => {
    // per record, 1e-12 holds for the first 295 iterations: then u of the output neuron passes near 0
    // (3e-5) while its terms y_j w_jk are of order 1, and their last bits (BLAS's order of summation,
    // NumPy's exp against V8's) are 3e-12 of it
    const { spec, text } = example('xor');
    assertSameTrace(spec, spec.epochs * 4, 'run', text);
  });

  test('the synthetic data of digits-784-128-10 is drawn by the script, not written out', () => {
    const { spec, text } = example('digits-784-128-10');
    const script = numpyScript(spec, { fileText: text });
    assert.match(script, /^X, T = synthetic_data\(512, 784, 10\)$/m, 'the 401,408 inputs are drawn, not written out');
    assert.ok(script.length < 40_000, `${script.length} characters`);
  });

  for (const reduction of ['sum', 'mean'] as const) {
    test(`every activation × loss pair, reduction ${reduction}`, () => {
      const pairs: [ActivationName, ActivationName, string][] = [
        ...ACTIVATIONS.map((a): [ActivationName, ActivationName, string] => [a, a, 'sum-of-squares']),
        ['tanh', 'softmax', 'cross-entropy'],
        ['leaky-relu', 'sigmoid', 'cross-entropy'],
        ['softmax', 'sigmoid', 'cross-entropy'],
        ['relu', 'softmax', 'cross-entropy'],
      ];
      pairs.forEach(([hidden, output, loss], n) => {
        const spec = specOf({
          name: `${hidden} → ${output}, ${loss}, ${reduction}`,
          layers: [{ size: 3 }, { size: 4, activation: hidden, alpha: 0.2 }, { size: 3, activation: output, alpha: 0.1 }],
          loss,
          learningRate: 0.3,
          batch: { size: 3, reduction, shuffle: n % 2 === 0 },
          init: { seed: 11 + n, distribution: 'normal', scale: 0.8 },
          data: { inputs: chunk(numbers(21, 5 + n), 3), targets: targetsFor(loss, output, 7, 3, numbers(21, 9 + n)) },
          epochs: 20,
        });
        assertSameTrace(spec, 40);
      });
    });
  }

  test('frozen weights and biases keep their values; their ∂w and ∂b are still traced', () => {
    const spec = specOf({
      name: 'frozen',
      layers: [{ size: 2 }, { size: 3, activation: 'tanh', trainWeights: false }, { size: 2, activation: 'identity', trainBiases: false, biases: [0.5, -0.5] }],
      learningRate: 0.2,
      batch: { size: 2, reduction: 'mean', shuffle: true },
      init: { seed: 5, distribution: 'he' },
      data: { inputs: chunk(numbers(10, 3), 2), targets: chunk(numbers(10, 4), 2) },
      epochs: 10,
    });
    const script = numpyScript(spec);
    assert.match(script, /# w\[1\] is frozen/);
    assert.match(script, /# b\[2\] is frozen/);
    assertSameTrace(spec, 30);
  });

  test('random networks (depth 1–3, any activation, loss, reduction, batch, shuffle, init, frozen and given parameters)', () => {
    // relative to each quantity's largest magnitude over the 25 records: a network that fits its few samples
    // almost exactly has E near 1e-8, a difference of nearly equal y and t whose last bits are rounding
    for (let seed = 1; seed <= 24; seed++) assertSameTrace(specOf(randomNetwork(seed)), 25, 'run');
  });

  for (const optimizer of OPTIMIZERS.slice(1) as { name: string }[]) {
    test(`${optimizer.name}, with and without weight decay, frozen tensors and dropout: the state after each update too`, () => {
      for (const weightDecay of [0, 0.05]) {
        const spec = specOf({
          name: `${optimizer.name}, λ = ${weightDecay}`,
          layers: [
            { size: 3 },
            { size: 5, activation: 'tanh', dropout: 0.3 },
            { size: 4, activation: 'leaky-relu', trainBiases: false, dropout: 0.5 },
            { size: 2, activation: 'softmax', trainWeights: weightDecay > 0 },
          ],
          loss: 'cross-entropy',
          learningRate: 0.05,
          optimizer,
          weightDecay,
          batch: { size: 4, reduction: 'mean', shuffle: true },
          init: { seed: 21, distribution: 'xavier' },
          data: { inputs: chunk(numbers(30, 17), 3), targets: targetsFor('cross-entropy', 'softmax', 10, 2, numbers(20, 19)) },
          epochs: 20,
        });
        const script = numpyScript(spec);
        assert.match(script, new RegExp(`^def ${optimizer.name}\\(p, g, s`, 'm'));
        const first = JSON.parse(runScript(script, 1));
        assert.strictEqual(first.t, 1);
        assert.ok(first.layers[1].mask, 'the mask of a layer with dropout is traced');
        assertSameTrace(spec, 40);
      }
    });
  }

  test('random networks with optimizers, weight decay and dropout', () => {
    for (let seed = 101; seed <= 116; seed++) assertSameTrace(specOf(randomNetwork(seed, true)), 25, 'run');
  });

  test('large data written out (standardised synthetic, 250 × 1,000) goes in as base64 of its doubles, exact', () => {
    const spec = specOf({
      layers: [{ size: 250 }, { size: 3, activation: 'tanh' }, { size: 2, activation: 'softmax' }],
      data: { builtin: 'synthetic', samples: 1000, standardize: true },
      batch: { size: 50, shuffle: true },
      epochs: 1,
    });
    const script = numpyScript(spec);
    assert.match(script, /^X = np\.frombuffer\(base64\.b64decode\($/m);
    assert.ok(script.length < 3_000_000, `${script.length} characters`);
    assertSameTrace(spec, 3);
  });

  test('NaN, Infinity and -Infinity are written as the strings the trace uses', () => {
    const spec = specOf({
      layers: [{ size: 1 }, { size: 2, activation: 'identity', weights: [[1e308, -1e308]], biases: [0, 0] }, { size: 1, activation: 'identity', weights: [[1], [1]], biases: [0] }],
      data: { inputs: [[10]], targets: [[0]] },
      epochs: 2,
    });
    const got = runScript(numpyScript(spec), 2);
    const first = JSON.parse(got.split('\n')[0]);
    assert.deepStrictEqual(first.layers[1].u, [['Infinity', '-Infinity']]);
    assert.strictEqual(first.loss, 'NaN');
    assert.strictEqual(firstTraceDifference(engineTrace(spec, 2), got, TOLERANCE), undefined);
  });

  test('a bug planted in the script (a hidden δ without f′(u)) is found at its layer in iteration 1', () => {
    const { spec } = example('xor');
    const script = numpyScript(spec);
    const planted = script.replace('delta[1] = dy[1] * ((1 - y[1]) * y[1])', 'delta[1] = dy[1]');
    assert.notStrictEqual(planted, script);
    const difference = firstTraceDifference(engineTrace(spec, 3), runScript(planted, 3), TOLERANCE);
    assert.match(difference ?? '', /^record 1\.layers\[1\]\.delta /);
  });
});

suite('Export as NumPy: numbers written into the script', () => {
  test('read back by Python to the very same doubles (-0, tiny, huge, 17 digits)', () => {
    const values = [0.1, -0, 0, 1, -3, 1 / 3, 1e21, 123456789012345680000, 1e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -2.5e-300, 0.30000000000000004];
    const program = `import struct\nfor v in [${values.map(pythonFloat).join(', ')}]:\n    print(struct.pack('<d', v).hex())\n`;
    const r = spawnSync(PYTHON, ['-c', program], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const bits = values.map((v) => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v);
      return b.toString('hex');
    });
    assert.deepStrictEqual(r.stdout.trim().split('\n'), bits);
    assert.strictEqual(pythonFloat(1), '1.0', 'a float, so that NumPy makes float64 arrays');
  });
});

suite('Export as NumPy: the script reads like the notes', () => {
  const { spec, text } = example('iris');
  const script = numpyScript(spec, { fileText: text });

  test('one function per phase, no classes, NumPy and the standard library only', () => {
    for (const phase of ['forward(x, w, b)', 'loss(u, y, t)', 'backward(u, y, t, w)', 'update(w, b, dw, db)']) assert.ok(script.includes(`\ndef ${phase}:`), phase);
    assert.doesNotMatch(script, /^\s*class /m);
    const imports = script.match(/^(import|from) .*$/gm) ?? [];
    assert.deepStrictEqual(imports, ['import argparse', 'import json', 'import math', 'import sys', 'import numpy as np']);
  });

  test('every computing line of the backward pass is commented with its equation', () => {
    const body = script.slice(script.indexOf('\ndef backward('), script.indexOf('\ndef update('));
    const computing = body.split('\n').filter((l) => /^\s+(dy|delta|dw|db)\[\d+\] = /.test(l));
    assert.ok(computing.length >= 8, body);
    for (const line of computing) assert.match(line, /# .*(δ|∂y|∂w|∂b)_\w+ = /, line);
    assert.match(body, /delta\[2\] = y\[2\] - t +# δ_k = y_k − t_k/);
    assert.match(body, /delta\[1\] = dy\[1\] \* \(\(1 - y\[1\]\) \* y\[1\]\) +# δ_j = ∂y_j f'\(u_j\) = ∂y_j \(1 − y_j\) y_j/);
    assert.match(body, /dw\[1\] = np\.dot\(y\[0\]\.T, delta\[1\]\) +# ∂w_ij = Σ_s y_i δ_j/);
  });

  test('the data says where it came from', () => {
    assert.match(script, /^# From iris\.csv, every 2nd row, each input standardised \(\(x − mean\) \/ standard deviation\), 75 samples/m);
  });
});

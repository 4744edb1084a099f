// The optimizers, weight decay and dropout against PyTorch's torch.optim (1.13, float64): the same network,
// the engine's initial parameters, batches and dropout masks handed to test/engine/optimizers_reference.py,
// every parameter and state entry equal to 1e-12 after each of many updates. Then the state in time
// travel (Step Back over an Adam update restores m, v and t bit for bit), an edit of η mid-run, frozen
// tensors, and dropout's mask and gradient (central differences with the mask held fixed).

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { layerWarnings } from '../../src/engine/diagnostics';
import { gradientCheck } from '../../src/engine/gradcheck';
import { loadNetworkFile } from '../../src/engine/load';
import { chooseKernel } from '../../src/engine/matrix';
import { OPTIMIZER_SLOTS } from '../../src/engine/optimizers';
import type { NetworkSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { rows, specOf } from './helpers';

const PYTHON = '/usr/bin/python3';
const REFERENCE = path.join(__dirname, 'optimizers_reference.py');
const ITERATIONS = 60;

type Rows = number[][];
interface TorchIteration {
  loss: number;
  grads: ({ dw: Rows | null; db: number[] | null } | null)[];
  w: (Rows | null)[];
  b: (number[] | null)[];
  state: ({ w: Record<string, Rows | number> | null; b: Record<string, number[] | number> | null } | null)[];
}

interface EngineIteration {
  samples: number[];
  loss: number;
  /** per layer (null for the inputs): the masks drawn (null without dropout) */
  masks: (Rows | null)[];
  dw: (Rows | null)[];
  db: (number[] | null)[];
  w: (Rows | null)[];
  b: (number[] | null)[];
  state: ({ w: Record<string, Rows> | undefined; b: Record<string, number[]> | undefined } | null)[];
  t: number;
}

/** Runs the engine `iterations` updates, keeping what each one used and left. */
function engineRun(spec: NetworkSpec, iterations: number): { start: Trainer; runs: EngineIteration[] } {
  const start = new Trainer(spec, { record: false });
  const trainer = new Trainer(spec, { record: false });
  const runs: EngineIteration[] = [];
  for (let i = 0; i < iterations; i++) {
    if (i > 0) trainer.step();
    trainer.finishIteration();
    const n = trainer.batchSize;
    const layers = trainer.layers;
    runs.push({
      samples: Array.from(trainer.samples.subarray(0, n)),
      loss: trainer.lossValue,
      masks: layers.map((l) => (l.mask ? rows(l.mask.data, n, l.size) : null)),
      dw: layers.map((l) => (l.index ? rows(l.dw.data, l.dw.rows, l.dw.cols) : null)),
      db: layers.map((l) => (l.index ? Array.from(l.db) : null)),
      w: layers.map((l) => (l.index ? rows(l.w.data, l.w.rows, l.w.cols) : null)),
      b: layers.map((l) => (l.index ? Array.from(l.b) : null)),
      state: layers.map((l) => {
        if (!l.index) return null;
        const of = (param: 'w' | 'b'): Record<string, Rows> | Record<string, number[]> | undefined => {
          const s = trainer.optimizerState(l.index, param)?.slots;
          if (!s) return undefined;
          const out: Record<string, Rows | number[]> = {};
          for (const [k, v] of Object.entries(s)) out[k] = param === 'w' ? rows(v, l.w.rows, l.w.cols) : Array.from(v);
          return out as Record<string, Rows> | Record<string, number[]>;
        };
        return { w: of('w') as Record<string, Rows> | undefined, b: of('b') as Record<string, number[]> | undefined };
      }),
      t: trainer.optimizerSteps,
    });
  }
  return { start, runs };
}

/** The same training in PyTorch, from the engine's initial parameters, batches and masks. */
function torchRun(spec: NetworkSpec, start: Trainer, runs: EngineIteration[]): TorchIteration[] {
  const job = {
    layers: start.layers.map((l) => ({
      size: l.size,
      activation: l.spec.activation,
      alpha: l.spec.alpha,
      dropout: l.spec.dropout,
      trainWeights: l.spec.trainWeights,
      trainBiases: l.spec.trainBiases,
      w: rows(l.w.data, l.w.rows, l.w.cols),
      b: Array.from(l.b),
    })),
    loss: spec.loss,
    reduction: spec.batch.reduction,
    inputs: rows(spec.data.inputs.data, spec.data.inputs.rows, spec.data.inputs.cols),
    targets: rows(spec.data.targets.data, spec.data.targets.rows, spec.data.targets.cols),
    batches: runs.map((r) => r.samples),
    masks: runs.map((r) => r.masks),
    optimizer: spec.optimizer,
    weightDecay: spec.weightDecay,
    learningRate: spec.learningRate,
  };
  const run = spawnSync(PYTHON, [REFERENCE], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.strictEqual(run.status, 0, `${PYTHON} ${REFERENCE} failed: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as { torch: string; iterations: TorchIteration[] };
  assert.match(out.torch, /^1\.13/);
  return out.iterations;
}

/** Largest |a − b| / max(1, |b|) over nested arrays of numbers. */
function worst(a: unknown, b: unknown, where: string): number {
  if (typeof b === 'number') {
    assert.strictEqual(typeof a, 'number', `${where}: ${String(a)} vs ${b}`);
    return Math.abs((a as number) - b) / Math.max(1, Math.abs(b));
  }
  assert.ok(Array.isArray(a) && Array.isArray(b) && a.length === b.length, `${where}: shapes differ`);
  let m = 0;
  (b as unknown[]).forEach((x, i) => (m = Math.max(m, worst((a as unknown[])[i], x, `${where}[${i}]`))));
  return m;
}

function network(optimizer: object, extra: object = {}): object {
  return {
    layers: [{ size: 2 }, { size: 6, activation: 'tanh' }, { size: 5, activation: 'leaky-relu', alpha: 0.1, trainBiases: false }, { size: 2, activation: 'softmax' }],
    loss: 'cross-entropy',
    learningRate: 0.05,
    optimizer,
    weightDecay: 0.01,
    batch: { size: 5, reduction: 'mean', shuffle: true },
    init: { seed: 7, distribution: 'xavier' },
    data: { builtin: 'spiral', samples: 40 },
    epochs: 20,
    ...extra,
  };
}

/** Compares every update of the engine with PyTorch's; returns the largest difference seen. */
function compareWithTorch(spec: NetworkSpec): number {
  const { start, runs } = engineRun(spec, ITERATIONS);
  const ref = torchRun(spec, start, runs);
  assert.strictEqual(ref.length, ITERATIONS);
  let largest = 0;
  const slots = OPTIMIZER_SLOTS[spec.optimizer.name];
  runs.forEach((e, i) => {
    const r = ref[i];
    const at = `${spec.optimizer.name}, update ${i + 1}`;
    largest = Math.max(largest, worst(e.loss, r.loss, `${at}: E`));
    for (let l = 1; l < spec.layers.length; l++) {
      largest = Math.max(largest, worst(e.w[l], r.w[l], `${at}: w[${l}]`), worst(e.b[l], r.b[l], `${at}: b[${l}]`));
      largest = Math.max(largest, worst(e.dw[l], r.grads[l]!.dw ?? e.dw[l], `${at}: ∂w[${l}]`), worst(e.db[l], r.grads[l]!.db ?? e.db[l], `${at}: ∂b[${l}]`));
      for (const param of ['w', 'b'] as const) {
        const mine = e.state[l]![param];
        const theirs = r.state[l]![param];
        if (!spec.layers[l][param === 'w' ? 'trainWeights' : 'trainBiases']) {
          assert.strictEqual(mine, undefined, `${at}: a frozen ${param}[${l}] keeps no state`);
          continue;
        }
        if (slots.length === 0) {
          assert.strictEqual(mine, undefined, `${at}: sgd keeps no state`);
          continue;
        }
        assert.deepStrictEqual(Object.keys(mine!).sort(), [...slots].sort());
        for (const slot of slots) largest = Math.max(largest, worst(mine![slot], theirs![slot], `${at}: ${slot} of ${param}[${l}]`));
        if (spec.optimizer.name === 'adam') assert.strictEqual(theirs!.t, e.t, `${at}: t`);
      }
    }
    assert.strictEqual(e.t, i + 1, `${at}: t counts the updates`);
  });
  assert.ok(largest <= 1e-12, `largest difference from torch.optim ${largest}`);
  return largest;
}

suite('optimizers against torch.optim (float64)', function () {
  this.timeout(120_000);

  const cases: [string, object][] = [
    ['SGD', { name: 'sgd' }],
    ['SGD with momentum', { name: 'momentum', momentum: 0.8 }],
    ['Adagrad', { name: 'adagrad', epsilon: 1e-7 }],
    ['RMSprop', { name: 'rmsprop', rho: 0.85, epsilon: 1e-6 }],
    ['Adam', { name: 'adam', beta1: 0.85, beta2: 0.99, epsilon: 1e-8 }],
  ];
  for (const [title, optimizer] of cases) {
    test(`${title}: every parameter and state entry after each of ${ITERATIONS} updates, weight decay on the weights only, a frozen bias keeping no state`, function () {
      const largest = compareWithTorch(specOf(network(optimizer)));
      // the report shows how close, not only that it was close enough
      this.test!.title += ` (largest relative difference ${largest.toExponential(1)})`;
    });
  }

  test('the defaults: momentum 0.9, Adagrad and RMSprop ε 1e-7 (ρ 0.9), Adam 0.9, 0.999, 1e-8; sum reduction, sigmoid and sum-of-squares', () => {
    for (const name of ['momentum', 'adagrad', 'rmsprop', 'adam']) {
      const spec = specOf(
        network({ name }, {
          layers: [{ size: 2 }, { size: 4, activation: 'sigmoid' }, { size: 1, activation: 'sigmoid' }],
          loss: 'sum-of-squares',
          batch: { size: 3, reduction: 'sum', shuffle: false },
          data: { builtin: 'circle', samples: 30 },
          weightDecay: 0,
        }),
      );
      compareWithTorch(spec);
    }
  });

  test('dropout: PyTorch given the engine\'s masks trains the same network to the same numbers (Adam)', function () {
    const spec = specOf(
      network({ name: 'adam' }, {
        layers: [{ size: 2 }, { size: 8, activation: 'relu', dropout: 0.5 }, { size: 6, activation: 'sigmoid', dropout: 0.2 }, { size: 2, activation: 'softmax' }],
      }),
    );
    const largest = compareWithTorch(spec);
    this.test!.title += ` (largest relative difference ${largest.toExponential(1)})`;
  });
});

suite('optimizer state in time travel', () => {
  const adam = network({ name: 'adam' }, { batch: { size: 4, reduction: 'mean', shuffle: true }, epochs: 50 });

  /** The bytes of every parameter, every state slot (now and before), every step, and t. */
  function fingerprint(t: Trainer): string {
    const parts: Float64Array[] = [new Float64Array([t.iteration, t.position, t.optimizerSteps, t.eta])];
    for (const l of t.layers.slice(1)) {
      parts.push(l.w.data, l.b);
      for (const param of ['w', 'b'] as const) {
        const s = t.optimizerState(l.index, param);
        if (s) for (const slot of OPTIMIZER_SLOTS.adam) parts.push(s.slots[slot]!, s.before[slot]!);
        parts.push(t.parameterStep(l.index, param));
      }
    }
    return parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('hex')).join('|');
  }

  test('Step Back over an Adam update restores m, v and t bit for bit, at every stop, from a checkpoint far behind', () => {
    const t = new Trainer(specOf(adam));
    t.runIterations(37);
    const states: string[] = [];
    const at: [number, number][] = [];
    for (let s = 0; s < 3 * t.stops.length; s++) {
      t.step();
      states.push(fingerprint(t));
      at.push([t.iteration, t.position]);
    }
    for (let s = states.length - 1; s >= 0; s--) {
      t.seek(at[s][0], at[s][1]);
      assert.strictEqual(fingerprint(t), states[s], `back at iteration ${at[s][0]}, stop ${at[s][1]}`);
    }
    // and forward again by replay, then a jump back to the very start
    t.seek(at[at.length - 1][0], at[at.length - 1][1]);
    assert.strictEqual(fingerprint(t), states[states.length - 1]);
    t.seek(1, 0);
    assert.strictEqual(t.optimizerSteps, 0);
    const m = t.optimizerState(1, 'w')!.slots.m!;
    assert.ok(m.every((x) => x === 0), 'm is 0 before the first update');
  });

  test('t counts the updates: iteration − 1 until the update stop, then the iteration', () => {
    const t = new Trainer(specOf(adam));
    assert.strictEqual(t.optimizerSteps, 0);
    t.runUntil((x) => x.position === x.stops.length - 1);
    assert.strictEqual(t.optimizerSteps, 0);
    t.step();
    assert.strictEqual(t.optimizerSteps, 1);
    t.runIterations(4);
    assert.strictEqual(t.optimizerSteps, 5);
  });

  test('before the update stop, "before" and "now" are the same state; after it, "before" is the previous one', () => {
    const t = new Trainer(specOf(adam));
    t.runIterations(3);
    const previous = Float64Array.from(t.optimizerState(2, 'w')!.slots.v!);
    t.runUntil((x) => x.position === x.stops.length - 1);
    const mid = t.optimizerState(2, 'w')!;
    assert.deepStrictEqual(Array.from(mid.before.v!), Array.from(previous));
    assert.deepStrictEqual(Array.from(mid.slots.v!), Array.from(previous));
    assert.ok(t.parameterStep(2, 'w').every((x) => x === 0), 'no step before the update');
    t.step();
    const after = t.optimizerState(2, 'w')!;
    assert.deepStrictEqual(Array.from(after.before.v!), Array.from(previous));
    // v ← β₂v + (1−β₂)∂w⊙∂w (∂w + λw: weight decay 0.01), by hand from the values before
    const layer = t.layers[2];
    const wBefore = Float64Array.from(layer.w.data, (w, x) => w - t.parameterStep(2, 'w')[x]);
    for (let x = 0; x < previous.length; x++) {
      const g = layer.dw.data[x] + 0.01 * wBefore[x];
      assert.ok(Math.abs(after.slots.v![x] - (0.999 * previous[x] + 0.001 * g * g)) < 1e-15, `v[${x}]`);
    }
  });

  test('an edit of η applies from the next update: the step before it keeps the old η, replay keeps the new one', () => {
    const spec = specOf(network({ name: 'adam' }, { weightDecay: 0 }));
    const t = new Trainer(spec);
    t.runIterations(5);
    const oldStep = Float64Array.from(t.parameterStep(1, 'w'));
    t.step();
    t.runUntil((x) => x.position === x.stops.length - 1);
    const s = t.optimizerState(1, 'w')!;
    const m0 = Float64Array.from(s.slots.m!);
    const v0 = Float64Array.from(s.slots.v!);
    const g = Float64Array.from(t.layers[1].dw.data);
    t.edit('eta', 0, 0, 0, 0.3);
    t.step();
    const stepNew = Float64Array.from(t.parameterStep(1, 'w'));
    // by hand: t = 6, m, v from the values before, w changes by −η' m̂ / (√v̂ + ε)
    for (let x = 0; x < g.length; x++) {
      const m = 0.9 * m0[x] + 0.1 * g[x];
      const v = 0.999 * v0[x] + 0.001 * g[x] * g[x];
      const expected = (-0.3 * (m / (1 - 0.9 ** 6))) / (Math.sqrt(v / (1 - 0.999 ** 6)) + 1e-8);
      assert.ok(Math.abs(stepNew[x] - expected) <= 1e-14 * Math.max(1, Math.abs(expected)), `step[${x}] ${stepNew[x]} vs ${expected}`);
    }
    // the previous update (iteration 5) keeps η = 0.05, also when replayed after the edit
    t.seek(5, t.stops.length);
    assert.deepStrictEqual(Array.from(t.parameterStep(1, 'w')), Array.from(oldStep));
    assert.strictEqual(t.eta, 0.05);
    t.seek(6, t.stops.length);
    assert.deepStrictEqual(Array.from(t.parameterStep(1, 'w')), Array.from(stepNew));
    assert.strictEqual(t.eta, 0.3);
  });

  test('momentum: the step is the velocity v ← αv − η∂w, and w moves by exactly it', () => {
    const t = new Trainer(specOf(network({ name: 'momentum', momentum: 0.5 }, { weightDecay: 0 })));
    t.runIterations(3);
    const v0 = Float64Array.from(t.optimizerState(3, 'w')!.slots.v!);
    t.runUntil((x) => x.position === x.stops.length - 1);
    const w0 = Float64Array.from(t.layers[3].w.data);
    const g = Float64Array.from(t.layers[3].dw.data);
    t.step();
    const v = t.optimizerState(3, 'w')!.slots.v!;
    const step = t.parameterStep(3, 'w');
    for (let x = 0; x < g.length; x++) {
      assert.strictEqual(v[x], 0.5 * v0[x] - 0.05 * g[x]);
      assert.strictEqual(step[x], v[x]);
      assert.strictEqual(t.layers[3].w.data[x], w0[x] + v[x]);
    }
  });

  test('frozen tensors keep no state, take no step and do not change', () => {
    const t = new Trainer(specOf(network({ name: 'rmsprop' }, { layers: [{ size: 2 }, { size: 3, activation: 'tanh', trainWeights: false }, { size: 2, activation: 'softmax', trainBiases: false }] })));
    const w1 = Float64Array.from(t.layers[1].w.data);
    const b2 = Float64Array.from(t.layers[2].b);
    t.runIterations(10);
    assert.strictEqual(t.optimizerState(1, 'w'), undefined);
    assert.strictEqual(t.optimizerState(2, 'b'), undefined);
    assert.ok(t.optimizerState(1, 'b') && t.optimizerState(2, 'w'));
    assert.ok(t.parameterStep(1, 'w').every((x) => x === 0));
    assert.deepStrictEqual(Array.from(t.layers[1].w.data), Array.from(w1));
    assert.deepStrictEqual(Array.from(t.layers[2].b), Array.from(b2));
  });

  test('sgd keeps no state and no more checkpoint than the parameters and η', () => {
    const t = new Trainer(specOf(network({ name: 'sgd' })));
    assert.strictEqual(t.optimizerState(1, 'w'), undefined);
    const plain = new Trainer(specOf(network({ name: 'adam' })));
    t.runIterations(64);
    plain.runIterations(64);
    // Adam keeps two more doubles per trainable parameter in each checkpoint
    assert.ok(plain.history!.bytes > t.history!.bytes);
  });
});

suite('dropout', () => {
  const withDropout = network(
    { name: 'sgd' },
    {
      layers: [{ size: 2 }, { size: 10, activation: 'tanh', dropout: 0.4 }, { size: 8, activation: 'sigmoid', dropout: 0.25 }, { size: 2, activation: 'softmax' }],
      weightDecay: 0,
      batch: { size: 8, reduction: 'sum', shuffle: true },
    },
  );

  test('y = f(u)·mask/(1 − p) with a 0/1 mask per sample and neuron, about p of them dropped', () => {
    const t = new Trainer(specOf(withDropout));
    let dropped = 0;
    let all = 0;
    for (let i = 0; i < 30; i++) {
      if (i) t.step();
      t.runUntil((x) => x.position === 2);
      for (const l of [1, 2]) {
        assert.ok(t.isComputed(l, 'mask'));
        const layer = t.layers[l];
        const p = layer.spec.dropout;
        for (let x = 0; x < t.batchSize * layer.size; x++) {
          const m = layer.mask!.data[x];
          assert.ok(m === 0 || m === 1);
          const f = l === 1 ? Math.tanh(layer.u.data[x]) : 1 / (1 + Math.exp(-layer.u.data[x]));
          assert.ok(Math.abs(layer.y.data[x] - (f * m) / (1 - p)) < 1e-15);
          if (l === 1) {
            dropped += 1 - m;
            all++;
          }
        }
      }
      t.finishIteration();
    }
    assert.ok(Math.abs(dropped / all - 0.4) < 0.05, `dropped ${dropped} of ${all}`);
    assert.ok(!t.isComputed(3, 'mask'));
  });

  test('masks differ between iterations and layers, and replay draws them again exactly', () => {
    const t = new Trainer(specOf(withDropout));
    t.runIterations(4);
    t.step();
    t.step();
    const m5 = Float64Array.from(t.layers[1].mask!.data);
    t.finishIteration();
    t.step();
    t.step();
    assert.notDeepStrictEqual(Array.from(t.layers[1].mask!.data), Array.from(m5));
    t.seek(5, 1);
    assert.deepStrictEqual(Array.from(t.layers[1].mask!.data), Array.from(m5));
  });

  test('∂w and ∂b with dropout equal central differences of E with the masks held fixed', () => {
    const t = new Trainer(specOf(withDropout));
    t.runIterations(6);
    t.step();
    t.runUntil((x) => x.position === x.stops.length - 1);
    const fixed = gradientCheck(t, { dropout: true });
    assert.ok(fixed.worst!.relativeError < 1e-6, `worst ${JSON.stringify(fixed.worst)}`);
    // the analytic values checked are the ∂w the backward stop shows
    for (const e of fixed.entries.filter((x) => x.quantity === 'dw')) assert.strictEqual(e.analytic, t.layers[e.layer].dw.data[e.j * t.layers[e.layer].size + e.k]);
    // without the masks (the evaluation pass the gradient check makes by default) the gradient is another
    const plain = gradientCheck(t);
    assert.ok(plain.worst!.relativeError < 1e-6);
    assert.ok(plain.entries.some((e, i) => Math.abs(e.analytic - fixed.entries[i].analytic) > 1e-6));
  });

  test('a trainer made to evaluate ({ dropout: false }) has no masks: y = f(u)', () => {
    const t = new Trainer(specOf(withDropout), { dropout: false });
    t.runUntil((x) => x.position === 1);
    assert.strictEqual(t.layers[1].mask, undefined);
    assert.ok(!t.isComputed(1, 'mask'));
    for (let x = 0; x < t.batchSize * 10; x++) assert.strictEqual(t.layers[1].y.data[x], Math.tanh(t.layers[1].u.data[x]));
  });
});

suite('the optimizer examples', () => {
  const load = (name: string): NetworkSpec => loadNetworkFile(path.join(__dirname, '../../examples', name)).spec!;

  /** The mean of E_s over the samples of epoch `epochs` (the last one trained). */
  function epochLoss(spec: NetworkSpec, epochs: number): number {
    const t = new Trainer(spec, { record: false });
    let sum = 0;
    for (let i = 1; i <= epochs * t.batchesPerEpoch; i++) {
      if (i > 1) t.step();
      t.finishIteration();
      if (t.epoch === epochs) sum += t.lossValue * t.batchSize;
    }
    return sum / spec.data.inputs.rows;
  }

  test('the three spiral files differ in the optimizer only, and Adam is far ahead after 25 epochs, momentum next', () => {
    const [sgd, momentum, adam] = ['spiral-sgd', 'spiral-momentum', 'spiral-adam'].map((f) => load(`${f}.backprop.json`));
    const same = (s: NetworkSpec): object => ({ layers: s.layers.map((l) => [l.size, l.activation, l.dropout]), eta: s.learningRate, batch: s.batch, init: s.init, epochs: s.epochs, data: Array.from(s.data.inputs.data) });
    assert.deepStrictEqual(same(momentum), same(sgd));
    assert.deepStrictEqual(same(adam), same(sgd));
    assert.deepStrictEqual([sgd.optimizer.name, momentum.optimizer.name, adam.optimizer.name], ['sgd', 'momentum', 'adam']);
    const [e1, e2, e3] = [sgd, momentum, adam].map((s) => epochLoss(s, 25));
    assert.ok(e3 < 0.1 && e2 > 2 * e3 && e1 > 0.6 && e1 > e2, `E after 25 epochs: sgd ${e1}, momentum ${e2}, adam ${e3}`);
  });

  test('the dropout example drops in its three hidden layers and trains', () => {
    const spec = load('spiral-dropout.backprop.json');
    assert.deepStrictEqual(
      spec.layers.map((l) => l.dropout),
      [0, 0.2, 0.2, 0.2, 0],
    );
    const t = new Trainer(spec, { record: false });
    t.runIterations(20);
    assert.ok(t.layers[2].mask!.data.subarray(0, t.batchSize * 64).some((m) => m === 0));
  });
});

suite('the step in the health rules', () => {
  // one weight w = 0.1, input 1, target 0, identity: ∂w = y δ = 0.1, far from an exploding or vanishing gradient
  const one = (eta: number, optimizer: object = { name: 'sgd' }): Trainer => {
    const t = new Trainer(specOf({ layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[0.1]], biases: [0], trainBiases: false }], learningRate: eta, optimizer, data: { inputs: [[1]], targets: [[0]] } }));
    t.finishIteration();
    return t;
  };
  const kinds = (t: Trainer): string[] => layerWarnings(t, 1).map((w) => `${w.kind}: ${w.message}`);

  test('an update that moves w by more than w itself is an exploding step; by almost nothing, a vanishing one', () => {
    // η = 10: Δw = −1, w becomes −0.9
    assert.deepStrictEqual(kinds(one(10)), ['exploding: exploding step: the update changed w by ‖Δw‖ = 1.000, more than ‖w‖ = 0.9000 itself']);
    // η = 1e-14: Δw = −1e-15 while ∂w = 0.1
    assert.deepStrictEqual(kinds(one(1e-14)), ['vanishing: vanishing step: the update changed w by only ‖Δw‖ = 1.000e-15 while ‖∂w‖ = 0.1000']);
    assert.deepStrictEqual(kinds(one(0.1)), []);
    // Adam's first step is η·sign(∂w) whatever the gradient's size: η = 1 moves w = 0.1 by 1
    assert.deepStrictEqual(kinds(one(1, { name: 'adam' })).map((k) => k.split(':')[0]), ['exploding']);
  });

  test('the step is judged after the update only', () => {
    const t = new Trainer(specOf({ layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[0.1]], biases: [0] }], learningRate: 10, data: { inputs: [[1]], targets: [[0]] } }));
    t.runUntil((x) => x.position === x.stops.length - 1);
    assert.deepStrictEqual(kinds(t), []);
    t.step();
    assert.strictEqual(kinds(t).length, 1);
  });
});

suite('the optimizers in WebAssembly SIMD and in TypeScript', () => {
  test('Adam, RMSProp and AdaGrad (odd and even tensor sizes, weight decay) give the same bytes, state and steps included', () => {
    for (const optimizer of [{ name: 'adam' }, { name: 'rmsprop' }, { name: 'adagrad' }, { name: 'momentum' }, { name: 'sgd' }]) {
      const spec = specOf(network(optimizer, { layers: [{ size: 3 }, { size: 7, activation: 'tanh' }, { size: 5, activation: 'relu', dropout: 0.3 }, { size: 2, activation: 'softmax' }], data: { builtin: 'synthetic', samples: 30 } }));
      const runs = (['auto', 'ts'] as const).map((choice) => {
        chooseKernel(choice);
        try {
          const t = new Trainer(spec, { record: false });
          assert.strictEqual(t.layers[1].w.arena !== undefined, choice === 'auto', 'the kernels run here');
          t.runIterations(40);
          return t;
        } finally {
          chooseKernel('auto');
        }
      });
      const bytes = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
      for (let l = 1; l < spec.layers.length; l++) {
        const [a, b] = runs;
        assert.strictEqual(bytes(a.layers[l].w.data), bytes(b.layers[l].w.data), `${optimizer.name}: w of layer ${l}`);
        for (const param of ['w', 'b'] as const) {
          assert.strictEqual(bytes(a.parameterStep(l, param)), bytes(b.parameterStep(l, param)), `${optimizer.name}: step of ${param}, layer ${l}`);
          const [sa, sb] = [a.optimizerState(l, param), b.optimizerState(l, param)];
          for (const slot of OPTIMIZER_SLOTS[spec.optimizer.name]) {
            assert.strictEqual(bytes(sa!.slots[slot]!), bytes(sb!.slots[slot]!), `${optimizer.name}: ${slot} of ${param}, layer ${l}`);
            assert.strictEqual(bytes(sa!.before[slot]!), bytes(sb!.before[slot]!), `${optimizer.name}: ${slot} before, of ${param}, layer ${l}`);
          }
        }
      }
    }
  });

  test('the step is what the update added: w_before + step = w_after, entry by entry', () => {
    for (const optimizer of [{ name: 'adam' }, { name: 'rmsprop' }, { name: 'sgd' }, { name: 'momentum' }]) {
      for (const weightDecay of [0, 0.01]) {
        const t = new Trainer(specOf(network(optimizer, { weightDecay })));
        t.runIterations(7);
        t.step();
        t.runUntil((x) => x.position === x.stops.length - 1);
        const before = t.layers.map((l) => [Float64Array.from(l.w.data), Float64Array.from(l.b)]);
        t.step();
        for (let l = 1; l < t.layers.length; l++) {
          const step = t.parameterStep(l, 'w');
          t.layers[l].w.data.forEach((w, x) => assert.strictEqual(w, before[l][0][x] + step[x], `${optimizer.name}, λ ${weightDecay}: w[${x}] of layer ${l}`));
          const stepB = t.parameterStep(l, 'b');
          t.layers[l].b.forEach((b, x) => assert.strictEqual(b, before[l][1][x] + stepB[x], `${optimizer.name}, λ ${weightDecay}: b[${x}] of layer ${l}`));
        }
      }
    }
  });
});

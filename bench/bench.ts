// `npm run bench`: the engine's training speed side by side, in one run, with TensorFlow.js 4.22
// (tfjs-core on its cpu and wasm backends) doing the same maths: dense layers, sigmoid hidden
// layers, the same loss and output delta, plain SGD with the same η, batch and starting weights.
// The engine runs twice more: with its plain TypeScript kernel (the fallback where WebAssembly SIMD is
// missing), and kernel by kernel (GFLOP/s of the wasm and TypeScript products on the networks' shapes).
// Prints markdown tables and one pass/fail line per speed target (784-128-10 at least 2× tfjs-wasm and 8×
// tfjs-cpu, 2-2-2 at 2 M iterations/s while recording, recording at most 5 %, Adam's update at most 10 % of
// a 784-128-10 iteration), and always exits 0:
// it reports, it does not gate. A developer tool: imports the engine and tfjs, never `vscode`.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'child_process';
import { cpus } from 'os';
import { dirname, join, resolve } from 'path';
import { loadNetworkFile } from '../src/engine/load';
import { Arena, chooseKernel, matrix, mulAddBias, mulTransposeA, mulTransposeB, type Matrix } from '../src/engine/matrix';
import { parseNetwork } from '../src/engine/parse';
import type { NetworkSpec } from '../src/engine/spec';
import { Trainer } from '../src/engine/trainer';
import { jumpBench } from './jumps';

/** Something that trains: `run(n)` does n iterations (one batch each). */
interface Contender {
  readonly label: string;
  /** tfjs backend to switch to before running, if any */
  readonly backend?: string;
  run(iterations: number): void;
}

interface Case {
  readonly title: string;
  readonly spec: NetworkSpec;
  /** seconds of each contender per timed repetition */
  readonly seconds: number;
  readonly repetitions: number;
}

type Rates = Map<string, number[]>;

const ENGINE_RECORD = 'engine, recording';
const ENGINE_PLAIN = 'engine, no recording';
const ENGINE_TS = 'engine, TS kernel';
const TFJS_CPU = 'tfjs-cpu';
const TFJS_WASM = 'tfjs-wasm';
const EPOCHS = 1_000_000_000;
const SLICE = 0.05;

function fail(message: string): never {
  throw new Error(message);
}

function parsed(text: string, file: string): NetworkSpec {
  const result = parseNetwork(text, { file });
  return result.spec ?? fail(result.errors.map((e) => e.message).join('\n'));
}

/** A sigmoid MLP on seeded synthetic data, softmax + cross-entropy, mean over the batch, file order. */
function syntheticSpec(sizes: number[], batch: number): NetworkSpec {
  const layers = sizes.map((size, l) => (l === 0 ? { size } : { size, activation: l === sizes.length - 1 ? 'softmax' : 'sigmoid' }));
  const text = JSON.stringify({
    name: sizes.join('-'),
    layers,
    loss: 'cross-entropy',
    learningRate: 0.05,
    batch: { size: batch, reduction: 'mean', shuffle: false },
    init: { seed: 1, distribution: 'xavier' },
    data: { builtin: 'synthetic', samples: 1024 },
    epochs: EPOCHS,
  });
  return parsed(text, `${sizes.join('-')}.backprop.json`);
}

function handSpec(): NetworkSpec {
  const file = resolve(__dirname, '..', 'examples', 'hand-2-2-2.backprop.json');
  const result = loadNetworkFile(file);
  const spec = result.spec ?? fail(result.errors.map((e) => e.message).join('\n'));
  // the same network, trained long enough to time
  return { ...spec, epochs: EPOCHS };
}

function engine(label: string, spec: NetworkSpec, record: boolean, kernel: 'auto' | 'ts' = 'auto'): Contender {
  chooseKernel(kernel);
  const trainer = new Trainer(spec, { record });
  chooseKernel('auto');
  return {
    label,
    run(iterations) {
      if (trainer.runIterations(iterations) !== iterations) fail('the engine ran out of iterations');
    },
  };
}

/** The engine's training step written with tfjs ops, starting from the engine's initial weights (as float32). */
function tfjs(label: string, backend: string, spec: NetworkSpec): Contender & { firstLoss(): number } {
  const start = new Trainer(spec, { record: false });
  const L = start.layers.length - 1;
  const w: tf.Variable[] = [];
  const b: tf.Variable[] = [];
  for (let l = 1; l <= L; l++) {
    const layer = start.layers[l];
    w[l] = tf.variable(tf.tensor2d(Float32Array.from(layer.w.data), [layer.w.rows, layer.w.cols]));
    b[l] = tf.variable(tf.tensor1d(Float32Array.from(layer.b)));
  }
  const X = spec.data.inputs;
  const T = spec.data.targets;
  const n = spec.batch.size;
  const batches: { x: tf.Tensor2D; t: tf.Tensor2D }[] = [];
  for (let first = 0; first + n <= X.rows; first += n) {
    batches.push({
      x: tf.tensor2d(Float32Array.from(X.data.subarray(first * X.cols, (first + n) * X.cols)), [n, X.cols]),
      t: tf.tensor2d(Float32Array.from(T.data.subarray(first * T.cols, (first + n) * T.cols)), [n, T.cols]),
    });
  }
  const scale = spec.batch.reduction === 'mean' ? 1 / n : 1;
  const step = tf.scalar(spec.learningRate * scale);
  const softmaxCrossEntropy = spec.loss === 'cross-entropy' && spec.layers[L].activation === 'softmax';
  if (!softmaxCrossEntropy && !(spec.loss === 'sum-of-squares' && spec.layers[L].activation === 'sigmoid')) fail('bench: unsupported network');
  let next = 0;
  const iterate = (): tf.Scalar =>
    tf.tidy(() => {
      const { x, t } = batches[next];
      next = (next + 1) % batches.length;
      // forward
      const y: tf.Tensor2D[] = [x];
      for (let l = 1; l <= L; l++) {
        const u = tf.add(tf.matMul(y[l - 1], w[l]), b[l]) as tf.Tensor2D;
        y[l] = l === L && softmaxCrossEntropy ? tf.softmax(u) : tf.sigmoid(u);
      }
      // loss E under the batch reduction, and the output δ
      const out = y[L];
      const E = softmaxCrossEntropy ? tf.neg(tf.sum(tf.mul(t, tf.log(out)))) : tf.mul(0.5, tf.sum(tf.square(tf.sub(out, t))));
      let delta = softmaxCrossEntropy ? tf.sub(out, t) : tf.mul(tf.sub(out, t), tf.mul(out, tf.sub(1, out)));
      // backward: output layer first; the updates wait until every ∂w used the old w
      const dw: tf.Tensor[] = [];
      const db: tf.Tensor[] = [];
      for (let l = L; l >= 1; l--) {
        dw[l] = tf.matMul(y[l - 1], delta, true, false);
        db[l] = tf.sum(delta, 0);
        if (l > 1) delta = tf.mul(tf.matMul(delta, w[l], false, true), tf.mul(y[l - 1], tf.sub(1, y[l - 1])));
      }
      // update: w ← w − η·scale·Σ (the batch reduction folded into the step)
      for (let l = 1; l <= L; l++) {
        w[l].assign(tf.sub(w[l], tf.mul(dw[l], step)));
        b[l].assign(tf.sub(b[l], tf.mul(db[l], step)));
      }
      return tf.mul(E, scale) as tf.Scalar;
    });
  return {
    label,
    backend,
    run(iterations) {
      for (let i = 0; i < iterations; i++) iterate().dispose();
    },
    /** E of the first iteration, to check that tfjs computes what the engine does */
    firstLoss: () => iterate().dataSync()[0],
  };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function use(contender: Contender): Promise<void> {
  if (contender.backend && tf.getBackend() !== contender.backend) await tf.setBackend(contender.backend);
}

/** Iterations needed to fill `seconds`, measured after a warm-up that lets the JIT settle. */
async function calibrate(c: Contender, seconds: number): Promise<number> {
  await use(c);
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    c.run(n);
    const dt = (performance.now() - t0) / 1000;
    if (dt > seconds / 4) return Math.max(1, Math.round((n * seconds) / dt));
    n *= dt < seconds / 64 ? 8 : 2;
  }
}

/**
 * Each repetition interleaves all contenders in slices of about SLICE seconds, so that the machine's noise
 * (2 shared cores) falls on every contender alike. Rates in iterations/s, one per repetition.
 */
async function measure(c: Case, contenders: Contender[]): Promise<Rates> {
  const counts: number[] = [];
  for (const k of contenders) counts.push(await calibrate(k, SLICE));
  const slices = Math.max(1, Math.round(c.seconds / SLICE));
  const rates: Rates = new Map(contenders.map((k) => [k.label, []]));
  for (let r = 0; r < c.repetitions; r++) {
    const seconds = contenders.map(() => 0);
    for (let s = 0; s < slices; s++) {
      for (let i = 0; i < contenders.length; i++) {
        await use(contenders[i]);
        const t0 = performance.now();
        contenders[i].run(counts[i]);
        seconds[i] += (performance.now() - t0) / 1000;
      }
    }
    contenders.forEach((k, i) => rates.get(k.label)!.push((counts[i] * slices) / seconds[i]));
  }
  return rates;
}

interface Product {
  readonly label: string;
  /** O is m × n, the inner dimension k */
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** runs the product once on matrices from `alloc` */
  make(alloc: (rows: number, cols: number) => Matrix): () => void;
}

/** The products one iteration of the bench networks runs, each with its own shapes. */
function products(): Product[] {
  const list: Product[] = [];
  const add = (label: string, m: number, k: number, n: number, make: Product['make']): void => void list.push({ label, m, k, n, make });
  for (const [batch, sizes] of [
    [32, [784, 128, 10]],
    [64, [784, 512, 256, 10]],
  ] as const) {
    for (let l = 1; l < sizes.length; l++) {
      const fanIn = sizes[l - 1];
      const size = sizes[l];
      const net = sizes.join('-');
      add(`forward U = Y·W + b (${net}, layer ${l})`, batch, fanIn, size, (alloc) => {
        const [u, y, w, b] = [alloc(batch, size), alloc(batch, fanIn), alloc(fanIn, size), alloc(1, size)];
        return () => mulAddBias(u, y, w, b.data, batch);
      });
      add(`gradient ∂W = Yᵀ·Δ (${net}, layer ${l})`, fanIn, batch, size, (alloc) => {
        const [dw, y, delta] = [alloc(fanIn, size), alloc(batch, fanIn), alloc(batch, size)];
        return () => mulTransposeA(dw, y, delta, batch, 1 / batch);
      });
      if (l > 1) {
        add(`backward ∂Y = Δ·Wᵀ (${net}, layer ${l - 1})`, batch, size, fanIn, (alloc) => {
          const [dy, delta, w] = [alloc(batch, fanIn), alloc(batch, size), alloc(fanIn, size)];
          return () => mulTransposeB(dy, delta, w, batch);
        });
      }
    }
  }
  return list;
}

/** GFLOP/s of each product with the wasm kernel (arena matrices) and the TS kernel (plain ones), interleaved. */
function measureKernels(): string[] {
  const rows: string[] = [];
  for (const p of products()) {
    const fill = (m: Matrix): Matrix => {
      for (let i = 0; i < m.data.length; i++) m.data[i] = Math.sin(i * 0.618 + m.rows);
      return m;
    };
    const arena = new Arena(4 * Arena.slot(Math.max(p.m * p.k, p.k * p.n, p.m * p.n) + 8), Math.max(p.m, p.k, p.n), Math.max(p.m, p.k, p.n));
    const runs = [p.make((r, c) => fill(arena.matrix(r, c))), p.make((r, c) => fill(matrix(r, c)))];
    const flops = 2 * p.m * p.k * p.n;
    // calibrate to about 20 ms a slice, then 15 slices of each, alternating
    const counts = runs.map((run) => {
      let n = 1;
      for (;;) {
        const t0 = performance.now();
        for (let i = 0; i < n; i++) run();
        const dt = performance.now() - t0;
        if (dt > 5) return Math.max(1, Math.round((n * 20) / dt));
        n *= 2;
      }
    });
    const rates: number[][] = [[], []];
    for (let s = 0; s < 15; s++) {
      runs.forEach((run, i) => {
        const t0 = performance.now();
        for (let x = 0; x < counts[i]; x++) run();
        rates[i].push((flops * counts[i]) / ((performance.now() - t0) / 1000) / 1e9);
      });
    }
    const [wasm, ts] = rates.map(median);
    const simd = arena.kernels ? wasm.toFixed(1) : '—';
    rows.push(`| ${p.label} | ${p.m} × ${p.k} × ${p.n} | ${simd} | ${ts.toFixed(1)} | ${arena.kernels ? (wasm / ts).toFixed(2) + '×' : '—'} |`);
  }
  return rows;
}

function format(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e4) return `${(x / 1e3).toFixed(1)} k`;
  if (x >= 100) return x.toFixed(0);
  return x.toFixed(1);
}

/**
 * The optimizers' cost on 784-128-10 (batch 32): whole iterations with Adam (recording and not) beside SGD,
 * interleaved; and the update's share of an Adam iteration measured in place — a trainer stepped stop by
 * stop, the clock read before and after its update stop, summed over many iterations.
 */
async function optimizerBench(): Promise<{ lines: string[]; verdicts: string[] }> {
  const sgd = syntheticSpec([784, 128, 10], 32);
  const adamSpec: NetworkSpec = { ...sgd, optimizer: { name: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } };
  const labels = ['Adam, recording', 'Adam, no recording', 'SGD, recording'];
  const contenders = [engine(labels[0], adamSpec, true), engine(labels[1], adamSpec, false), engine(labels[2], sgd, true)];
  const rates = await measure({ title: 'optimizers', spec: adamSpec, seconds: 0.6, repetitions: 7 }, contenders);
  const perSecond = labels.map((l) => median(rates.get(l)!));
  const shares: number[] = [];
  const updates: number[] = [];
  for (const spec of [adamSpec, sgd]) {
    const trainer = new Trainer(spec, { record: true });
    const beforeUpdate = trainer.stops.length - 1;
    trainer.runIterations(200);
    let update = 0;
    let all = 0;
    const iterations = 2000;
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      trainer.step();
      while (trainer.position < beforeUpdate) trainer.step();
      const t1 = performance.now();
      trainer.step();
      const t2 = performance.now();
      update += t2 - t1;
      all += t2 - t0;
    }
    shares.push((update / all) * 100);
    updates.push((update / iterations) * 1000);
  }
  const recording = median(rates.get(labels[0])!.map((r, i) => 1 - r / rates.get(labels[1])![i])) * 100;
  const lines = [
    'Optimizers on 784-128-10 (batch 32; iterations/s, medians of interleaved repetitions; the update stop timed in place over 2,000 iterations):',
    '',
    '| Adam, recording | Adam, no recording | SGD, recording | Adam ÷ SGD | Adam update | Adam update ÷ iteration | SGD update ÷ iteration | Adam recording cost |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${format(perSecond[0])} | ${format(perSecond[1])} | ${format(perSecond[2])} | ${(perSecond[0] / perSecond[2]).toFixed(2)} | ${updates[0].toFixed(0)} µs | ${shares[0].toFixed(1)} % | ${shares[1].toFixed(1)} % | ${recording.toFixed(1)} % |`,
  ];
  return { lines, verdicts: [`784-128-10 Adam update ≤ 10 % of an iteration: ${shares[0] <= 10 ? 'PASS' : 'FAIL'} (${shares[0].toFixed(1)} %)`] };
}

/** One part of the bench, in a process of its own: a JIT that has seen other networks, shapes or kernels
 * optimises a tiny network's hot loop differently, so each part starts clean (and the parts run one after
 * another, never at the same time). */
type Part = { kind: 'case'; index: number } | { kind: 'kernels' } | { kind: 'jumps' } | { kind: 'optimizers' };

interface CaseResult {
  row: string;
  verdicts: string[];
  notes: string[];
  wasmFlavour: string;
}

function cases(): Case[] {
  return [
    { title: '2-2-2 (sigmoid, sum-of-squares)', spec: handSpec(), seconds: 0.3, repetitions: 7 },
    { title: '784-128-10 (sigmoid, softmax + cross-entropy)', spec: syntheticSpec([784, 128, 10], 32), seconds: 0.6, repetitions: 7 },
    { title: '784-512-256-10 (sigmoid, softmax + cross-entropy)', spec: syntheticSpec([784, 512, 256, 10], 64), seconds: 1, repetitions: 5 },
  ];
}

async function runCase(c: Case): Promise<CaseResult> {
  // Node: tfjs-core would otherwise advertise tfjs-node on first use of the cpu backend
  tf.env().set('IS_TEST', true);
  // the wasm binaries are read from node_modules with fs (a directory path with a trailing separator)
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  if (!(await tf.setBackend('wasm'))) fail('the tfjs wasm backend did not initialise');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
  const wasmFlavour = `${simd ? 'SIMD' : 'no SIMD'}, ${threads ? `${getThreadsCount()} threads` : 'single-threaded'}`;
  const verdicts: string[] = [];
  const notes: string[] = [];
  const cpu = (await tf.setBackend('cpu'), tfjs(TFJS_CPU, 'cpu', c.spec));
  const wasm = (await tf.setBackend('wasm'), tfjs(TFJS_WASM, 'wasm', c.spec));
  // same maths: the first iteration's loss, float32 against float64
  const reference = new Trainer(c.spec, { record: false });
  reference.seek(1, reference.stops.findIndex((s) => s.phase === 'loss') + 1);
  for (const k of [cpu, wasm]) {
    await use(k);
    const e = k.firstLoss();
    const rel = Math.abs(e - reference.lossValue) / Math.abs(reference.lossValue);
    if (!(rel < 1e-4)) notes.push(`warning: ${k.label} first loss ${e} differs from the engine's ${reference.lossValue} (relative ${rel.toExponential(1)})`);
  }
  const contenders = [engine(ENGINE_RECORD, c.spec, true), engine(ENGINE_PLAIN, c.spec, false), engine(ENGINE_TS, c.spec, true, 'ts'), cpu, wasm];
  const rates = await measure(c, contenders);
  const n = c.spec.batch.size;
  const med = (label: string): number => median(rates.get(label)!) * n;
  // recording cost from the two engines' times in the same repetition, interleaved slice by slice
  const rec = rates.get(ENGINE_RECORD)!;
  const plain = rates.get(ENGINE_PLAIN)!;
  const cost = median(rec.map((r, i) => 1 - r / plain[i])) * 100;
  const e = med(ENGINE_RECORD);
  const unit = n === 1 ? 'iterations/s' : 'samples/s';
  const row = `| ${c.title} | ${n} | ${unit} | ${format(e)} | ${format(med(ENGINE_PLAIN))} | ${cost.toFixed(1)} % | ${format(med(ENGINE_TS))} | ${format(med(TFJS_CPU))} | ${format(med(TFJS_WASM))} | ${(e / med(TFJS_CPU)).toFixed(1)}× | ${(e / med(TFJS_WASM)).toFixed(1)}× | ${(e / med(ENGINE_TS)).toFixed(2)}× |`;
  if (c.spec.layers.length === 3 && c.spec.layers[1].size === 128) {
    const vsWasm = e / med(TFJS_WASM);
    const vsCpu = e / med(TFJS_CPU);
    verdicts.push(`784-128-10 ≥ 2× tfjs-wasm: ${vsWasm >= 2 ? 'PASS' : 'FAIL'} (${vsWasm.toFixed(1)}×)`);
    verdicts.push(`784-128-10 ≥ 8× tfjs-cpu: ${vsCpu >= 8 ? 'PASS' : 'FAIL'} (${vsCpu.toFixed(1)}×)`);
  }
  if (n === 1 && c.spec.layers.length === 3 && c.spec.layers[1].size === 2) {
    verdicts.push(`2-2-2 ≥ 2 M iterations/s recording: ${e >= 2e6 ? 'PASS' : 'FAIL'} (${format(e)})`);
  }
  verdicts.push(`${c.title.split(' ')[0]} recording ≤ 5 %: ${cost <= 5 ? 'PASS' : 'FAIL'} (${cost.toFixed(1)} %)`);
  return { row, verdicts, notes, wasmFlavour };
}

/** Runs one part in a child process and returns what it printed as JSON on its last line. */
function inChild<T>(part: string): T {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--part', part], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last) fail(`bench part ${part} failed (exit ${r.status})`);
  return JSON.parse(last) as T;
}

function partOf(argv: string[]): Part | undefined {
  const at = argv.indexOf('--part');
  if (at < 0) return undefined;
  const name = argv[at + 1];
  if (name === 'optimizers') return { kind: 'optimizers' };
  return name === 'kernels' ? { kind: 'kernels' } : name === 'jumps' ? { kind: 'jumps' } : { kind: 'case', index: Number(name) };
}

async function main(): Promise<void> {
  const part = partOf(process.argv);
  if (part) {
    const result =
      part.kind === 'kernels'
        ? { kernelName: new Arena(0, 1, 1).kernels ? 'WebAssembly SIMD (f64x2)' : 'TypeScript (WebAssembly SIMD unavailable)', kernelRows: measureKernels() }
        : part.kind === 'jumps'
          ? await jumpBench()
          : part.kind === 'optimizers'
            ? await optimizerBench()
            : await runCase(cases()[part.index]);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const t0 = performance.now();
  // `npm run bench -- --only jumps`: the debug adapter's jumps, Pause and memory alone (a few minutes)
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  // `npm run bench -- --only optimizers`: the optimizers' part alone (a minute)
  if (only === 'jumps' || only === 'optimizers') {
    const alone = inChild<{ lines: string[]; verdicts: string[] }>(only);
    for (const l of alone.lines) console.log(l);
    console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    console.log(`targets: ${alone.verdicts.join('; ')}`);
    return;
  }
  const results = cases().map((_, i) => inChild<CaseResult>(String(i)));
  const { kernelName, kernelRows } = inChild<{ kernelName: string; kernelRows: string[] }>('kernels');

  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`## Backprop Debugger engine vs TensorFlow.js ${tf.version_core}\n`);
  console.log(`Node ${process.versions.node} (V8 ${process.versions.v8}), ${cpuModel}, ${cpus().length} logical cores.`);
  console.log(`Engine: float64, one thread. tfjs: float32 (all it has), cpu backend in JS; wasm backend ${results[0].wasmFlavour} (XNNPACK).`);
  console.log(`Engine kernel: ${kernelName}. "engine, TS kernel" is the same engine, recording, with the TypeScript fallback.`);
  console.log('Each network in a process of its own; medians of round-robin repetitions after warm-up; ratios are engine (recording) ÷ tfjs, and ÷ the TS-kernel engine.\n');
  console.log('| network | batch | unit | engine, recording | engine, no recording | recording cost | engine, TS kernel | tfjs-cpu | tfjs-wasm | ÷ cpu | ÷ wasm | ÷ TS kernel |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(r.row);
  console.log('');
  console.log('Kernels alone, GFLOP/s (2·m·k·n flops per product; medians, wasm and TS interleaved):\n');
  console.log('| product | m × k × n | wasm SIMD | TypeScript | wasm ÷ TS |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of kernelRows) console.log(r);
  console.log('');
  for (const r of results) for (const n of r.notes) console.log(n);
  const optimizers = inChild<{ lines: string[]; verdicts: string[] }>('optimizers');
  console.log('');
  for (const l of optimizers.lines) console.log(l);
  const jumps = inChild<{ lines: string[]; verdicts: string[] }>('jumps');
  console.log('');
  for (const l of jumps.lines) console.log(l);
  console.log('');
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  console.log(`targets: ${[...results.flatMap((r) => r.verdicts), ...optimizers.verdicts, ...jumps.verdicts].join('; ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 0;
});

// The two matrix kernels agree bit for bit: the WebAssembly SIMD one (arena matrices) and the
// TypeScript one (plain matrices), on random shapes with odd sizes, short batches, NaN, ±Infinity
// and −0; whole training runs agree too; and the committed bytes.ts is what kernels.wat assembles to.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Arena, chooseKernel, matrix, mulAddBias, mulTransposeA, mulTransposeB, type Matrix } from '../../src/engine/matrix';
import { Trainer } from '../../src/engine/trainer';
import { kernelsAvailable } from '../../src/engine/wasm/kernels';
import { numbers, specOf } from './helpers';

/** Where a and b differ as numbers: their bit patterns, except that any NaN equals any NaN (wasm does not fix NaN payloads). */
function firstDifference(a: Float64Array, b: Float64Array): string | undefined {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    if (x[i] !== y[i]) return `element ${i}: ${a[i]} and ${b[i]}`;
  }
  return undefined;
}

function assertSame(a: Float64Array, b: Float64Array, what: string): void {
  const d = firstDifference(a, b);
  assert.strictEqual(d, undefined, `${what}: ${d}`);
}

/** The same values in a plain matrix (TypeScript path) and in an arena matrix (wasm path). */
function pair(arena: Arena, rows: number, cols: number, values: readonly number[]): [Matrix, Matrix] {
  const ts = matrix(rows, cols);
  ts.data.set(values.slice(0, rows * cols));
  const wasm = arena.matrix(rows, cols);
  wasm.data.set(ts.data);
  return [ts, wasm];
}

interface Shape {
  /** rows of the batch matrices (the capacity) and the rows used */
  readonly rows: number;
  readonly n: number;
  /** fan-in and fan-out */
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Runs the three products on both paths from the same random operands (with `special` values planted) and compares. */
function compare(shape: Shape, seed: number, scale: number, special: readonly number[] = []): void {
  const { rows, n, fanIn, fanOut } = shape;
  const arena = new Arena(11 * Arena.slot(Math.max(rows * fanIn, fanIn * fanOut, rows * fanOut)), rows, Math.max(fanIn, fanOut));
  assert.ok(arena.kernels, 'the arena has the wasm kernels');
  const values = (count: number, s: number): number[] => {
    const v = numbers(count, s).map((x) => x * 3);
    special.forEach((x, i) => {
      if (v.length) v[(i * 7919 + s) % v.length] = x;
    });
    return v;
  };
  const [y, yW] = pair(arena, rows, fanIn, values(rows * fanIn, seed));
  const [w, wW] = pair(arena, fanIn, fanOut, values(fanIn * fanOut, seed + 1));
  const [bias, biasW] = pair(arena, 1, fanOut, values(fanOut, seed + 2));
  const [delta, deltaW] = pair(arena, rows, fanOut, values(rows * fanOut, seed + 3));
  // outputs start from the same garbage, so rows past n must stay equal too
  const [u, uW] = pair(arena, rows, fanOut, values(rows * fanOut, seed + 4));
  const [dw, dwW] = pair(arena, fanIn, fanOut, values(fanIn * fanOut, seed + 5));
  const [dy, dyW] = pair(arena, rows, fanIn, values(rows * fanIn, seed + 6));
  const name = `${n}/${rows} × ${fanIn} → ${fanOut}, scale ${scale}`;
  const k = arena.kernels!;
  const at = (m: Matrix | Float64Array): number => ('byteOffset' in m ? m : m.data).byteOffset;
  // the wasm kernel called directly (the products send the tiniest shapes to TypeScript), and through the products
  const [, uK] = pair(arena, rows, fanOut, values(rows * fanOut, seed + 4));
  const [, dwK] = pair(arena, fanIn, fanOut, values(fanIn * fanOut, seed + 5));
  const [, dyK] = pair(arena, rows, fanIn, values(rows * fanIn, seed + 6));

  mulAddBias(u, y, w, bias.data, n);
  mulAddBias(uW, yW, wW, biasW.data, n);
  k.forward(at(uK), at(yW), at(wW), at(biasW), n, fanIn, fanOut, arena.scratch);
  assertSame(uK.data, u.data, `forward kernel ${name}`);
  assertSame(uW.data, u.data, `forward ${name}`);
  mulTransposeA(dw, y, delta, n, scale);
  mulTransposeA(dwW, yW, deltaW, n, scale);
  k.gradient(at(dwK), at(yW), at(deltaW), n, fanIn, fanOut, scale, arena.scratch);
  assertSame(dwK.data, dw.data, `gradient kernel ${name}`);
  assertSame(dwW.data, dw.data, `gradient ${name}`);
  mulTransposeB(dy, delta, w, n);
  mulTransposeB(dyW, deltaW, wW, n);
  k.backward(at(dyK), at(deltaW), at(wW), n, fanOut, fanIn, arena.scratch);
  assertSame(dyK.data, dy.data, `backward kernel ${name}`);
  assertSame(dyW.data, dy.data, `backward ${name}`);
  // the operands were only read
  assertSame(yW.data, y.data, `y ${name}`);
  assertSame(wW.data, w.data, `w ${name}`);
}

suite('wasm and TypeScript kernels', () => {
  const available = kernelsAvailable();

  suiteSetup(function () {
    // visible in the report as pending, never silently green
    if (!available) this.skip();
  });

  test('the arena path really runs the wasm kernel (a plain matrix does not)', () => {
    const arena = new Arena(64, 2, 4);
    const a = arena.matrix(2, 2);
    assert.ok(a.arena === arena && arena.kernels);
    assert.strictEqual(matrix(2, 2).arena, undefined);
  });

  test('bit-identical on odd and typical shapes, every product', () => {
    const shapes: Shape[] = [];
    const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 17, 33];
    let seed = 1;
    for (const n of [1, 2, 3, 4, 5, 7, 8, 32, 33])
      for (const fanIn of sizes) for (const fanOut of sizes) if ((n * 31 + fanIn * 7 + fanOut) % 3 === 0 || n === 1 || fanIn === 1) shapes.push({ rows: n, n, fanIn, fanOut });
    shapes.push({ rows: 1, n: 1, fanIn: 1, fanOut: 1 }, { rows: 3, n: 3, fanIn: 5, fanOut: 5 }, { rows: 33, n: 33, fanIn: 17, fanOut: 17 });
    shapes.push({ rows: 32, n: 32, fanIn: 784, fanOut: 128 }, { rows: 32, n: 32, fanIn: 128, fanOut: 10 }, { rows: 64, n: 64, fanIn: 257, fanOut: 131 });
    for (const s of shapes) compare(s, seed++, seed % 2 ? 1 : 1 / s.n);
  });

  test('bit-identical on short batches (n below the capacity), sum and mean', () => {
    for (const [rows, n] of [
      [32, 7],
      [32, 1],
      [7, 3],
      [33, 30],
    ])
      for (const [fanIn, fanOut] of [
        [3, 5],
        [33, 17],
        [784, 10],
      ]) {
        compare({ rows, n, fanIn, fanOut }, rows * 1000 + n, 1);
        compare({ rows, n, fanIn, fanOut }, rows * 1000 + n + 1, 1 / n);
      }
  });

  test('NaN, ±Infinity and −0 propagate alike', () => {
    const special = [NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, -Number.MAX_VALUE, 1e308];
    for (const s of [
      { rows: 1, n: 1, fanIn: 1, fanOut: 1 },
      { rows: 3, n: 3, fanIn: 5, fanOut: 3 },
      { rows: 7, n: 7, fanIn: 9, fanOut: 6 },
      { rows: 33, n: 33, fanIn: 17, fanOut: 17 },
    ])
      for (let k = 1; k <= special.length; k++) compare(s, 100 + k, 0.5, special.slice(0, k));
    // all −0 operands: a sum that starts from +0 stays +0 on both paths
    const arena = new Arena(64, 2, 4);
    const [y, yW] = pair(arena, 2, 3, [-0, -0, -0, -0, -0, -0]);
    const [w, wW] = pair(arena, 3, 2, [1, 1, 1, 1, 1, 1]);
    const [u, uW] = pair(arena, 2, 2, [9, 9, 9, 9]);
    const bias = arena.vector(2).fill(-0);
    mulAddBias(u, y, w, new Float64Array(2).fill(-0), 2);
    mulAddBias(uW, yW, wW, bias, 2);
    assertSame(uW.data, u.data, 'forward of −0');
    assert.ok(Object.is(u.data[0], -0), '−0 bias plus −0 products is −0');
  });

  test('whole training runs: the wasm engine and the TypeScript engine give the same bytes', () => {
    for (const reduction of ['sum', 'mean']) {
      const spec = specOf({
        layers: [{ size: 13 }, { size: 9, activation: 'tanh' }, { size: 6, activation: 'relu' }, { size: 3, activation: 'softmax' }],
        loss: 'cross-entropy',
        learningRate: 0.1,
        batch: { size: 7, reduction, shuffle: true },
        init: { seed: 5, distribution: 'xavier' },
        data: { builtin: 'synthetic', samples: 30 },
        epochs: 10,
      });
      const runs = (['auto', 'ts'] as const).map((choice) => {
        chooseKernel(choice);
        try {
          const t = new Trainer(spec, { record: false });
          assert.strictEqual(t.layers[1].w.arena !== undefined, choice === 'auto');
          t.runIterations(25);
          return t;
        } finally {
          chooseKernel('auto');
        }
      });
      runs[0].layers.forEach((l, i) => {
        const other = runs[1].layers[i];
        for (const q of ['w', 'u', 'y', 'dy', 'delta', 'dw'] as const) assertSame(l[q].data, other[q].data, `${reduction}: layer ${i} ${q}`);
        assertSame(l.b, other.b, `${reduction}: layer ${i} b`);
      });
    }
  });
});

suite('bytes.ts is kernels.wat assembled', () => {
  // wabt is a devDependency: without it scripts/build-wasm.js fails, and so does this test
  test('the committed module is up to date', () => {
    const script = join(__dirname, '..', '..', 'scripts', 'build-wasm.js');
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stdout + run.stderr);
  });
});

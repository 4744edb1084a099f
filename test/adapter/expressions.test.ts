// The watch language on its own: tokenizing, precedence, the notes' names and their Unicode aliases,
// indexing, functions over numbers and matrices, and errors that say where. A fake Environment stands
// in for the trainer, so every expected value here is worked out by hand.

import * as assert from 'node:assert';
import { ExpressionError, NotComputedError, ParseError, compileExpression, formatValue, parse, tokenize, type Environment, type ScalarName, type Tensor, type Value } from '../../src/debug/expressions';
import type { Quantity } from '../../src/engine/quantities';

const matrix = (rows: number[][], known?: number[][]): Tensor => ({
  rows: rows.length,
  cols: rows[0].length,
  data: Float64Array.from(rows.flat()),
  vector: false,
  known: known ? Uint8Array.from(known.flat()) : undefined,
});
const vector = (values: number[]): Tensor => ({ rows: 1, cols: values.length, data: Float64Array.from(values), vector: true });

/** Layer 1: w = [[1, 2], [3, 4]], b = [0.5, −0.5], u computed for neuron 0 only; loss not yet computed. */
const env: Environment = {
  quantity(name: Quantity, layer: number): Tensor {
    if (layer !== 1) throw new ExpressionError(`no layer ${layer}`);
    switch (name) {
      case 'w':
        return matrix([[1, 2], [3, 4]]);
      case 'b':
        return vector([0.5, -0.5]);
      case 'u':
        return matrix([[10, 20]], [[1, 0]]);
      case 'delta':
        return matrix([[-3, 4]]);
      default:
        throw new NotComputedError('not yet computed');
    }
  },
  targets: () => matrix([[0, 1]]),
  scalar(name: ScalarName): number {
    if (name === 'loss') throw new NotComputedError('not yet computed');
    return { iteration: 12, epoch: 3, eta: 0.1, epochLoss: 0.25, lastEpochLoss: 0.5 }[name];
  },
};

const ev = (text: string): Value => compileExpression(text)(env);

suite('watch expressions', () => {
  test('tokens: numbers with exponents, Unicode names, two-character operators', () => {
    const kinds = tokenize('1.5e-3 ∂w[1] >= δ && !η').map((t) => (t.kind === 'number' ? t.value : t.kind === 'name' ? t.name : t.kind === 'op' ? t.op : 'end'));
    assert.deepStrictEqual(kinds, [0.0015, '∂w', '[', 1, ']', '>=', 'δ', '&&', '!', 'η', 'end']);
  });

  test('precedence and associativity of arithmetic, comparison and logic', () => {
    assert.strictEqual(ev('1 + 2 * 3'), 7);
    assert.strictEqual(ev('(1 + 2) * 3'), 9);
    assert.strictEqual(ev('10 - 4 - 3'), 3);
    assert.strictEqual(ev('2 * 9 / 3'), 6);
    assert.strictEqual(ev('-2 * -3'), 6);
    assert.strictEqual(ev('17 % 5 + 1'), 3);
    assert.strictEqual(ev('1 + 1 == 2 && 3 > 2'), true);
    assert.strictEqual(ev('1 > 2 || 2 <= 2'), true);
    assert.strictEqual(ev('!(1 < 2)'), false);
    assert.strictEqual(ev('1 != 1'), false);
    assert.strictEqual(ev('true && !false'), true);
  });

  test('scalars and their aliases', () => {
    assert.strictEqual(ev('iteration % 4 == 0'), true);
    assert.strictEqual(ev('epoch'), 3);
    assert.strictEqual(ev('eta'), 0.1);
    assert.strictEqual(ev('η'), 0.1);
    assert.strictEqual(ev('epochLoss < 0.01'), false);
    assert.strictEqual(ev('lastEpochLoss - epochLoss'), 0.25);
    assert.throws(() => ev('loss < 1'), NotComputedError);
    assert.throws(() => ev('E'), NotComputedError);
  });

  test('indexing: layer, then row, then column; vectors index straight to numbers', () => {
    assert.strictEqual(ev('w[1][1][0]'), 3);
    assert.strictEqual(ev('b[1][1]'), -0.5);
    assert.strictEqual(ev('t[0][1]'), 1);
    assert.strictEqual(ev('delta[1][0][0]'), -3);
    assert.strictEqual(ev('δ[1][0][1]'), 4);
    assert.strictEqual(ev('w[1][iteration - 11][1]'), 4);
    assert.strictEqual(formatValue(ev('w[1][1]')), '[3, 4]');
    assert.throws(() => ev('w[1][2]'), /row 2 out of range 0…1/);
    assert.throws(() => ev('b[1][0.5]'), /whole number/);
    assert.throws(() => ev('w'), /needs a layer index/);
    assert.throws(() => ev('w[2]'), /no layer 2/);
  });

  test('values not yet computed cannot be read, the computed ones can', () => {
    assert.strictEqual(ev('u[1][0][0]'), 10);
    assert.throws(() => ev('u[1][0][1]'), NotComputedError);
    assert.throws(() => ev('sum(u[1])'), NotComputedError);
    assert.throws(() => ev('dw[1]'), NotComputedError);
    assert.throws(() => ev('∂w[1]'), NotComputedError);
    assert.strictEqual(formatValue(ev('u[1]')), '1×2 [[10, ?]]');
  });

  test('functions over numbers and matrices', () => {
    assert.strictEqual(ev('sum(w[1])'), 10);
    assert.strictEqual(ev('mean(w[1])'), 2.5);
    assert.strictEqual(ev('max(w[1])'), 4);
    assert.strictEqual(ev('min(w[1], -7, b[1])'), -7);
    assert.strictEqual(ev('norm(w[1][0])'), Math.sqrt(5));
    assert.strictEqual(ev('norm(3, 4)'), 5);
    assert.strictEqual(ev('abs(-2.5)'), 2.5);
    assert.strictEqual(formatValue(ev('abs(delta[1])')), '1×2 [[3, 4]]');
    assert.strictEqual(ev('sum(w[1] * 2 - 1)'), 16);
    assert.strictEqual(ev('sum(w[1] * w[1])'), 30);
    assert.strictEqual(formatValue(ev('-b[1]')), '[-0.5, 0.5]');
    assert.throws(() => ev('foo(1)'), /unknown function 'foo'/);
    assert.throws(() => ev('w[1] + b[1]'), /2×2 and a 1×2/);
    assert.throws(() => ev('w[1] > 1'), /reduce it first/);
  });

  test('full precision: the text of a number reads back as the same double', () => {
    for (const x of [0.1 + 0.2, 1 / 3, 5e-324, -1.7976931348623157e308, 0.593269992]) {
      const text = formatValue(x);
      assert.strictEqual(Number(text), x);
    }
    assert.strictEqual(formatValue(NaN), 'NaN');
    assert.strictEqual(formatValue(-Infinity), '-Infinity');
  });

  test('syntax errors say where', () => {
    assert.throws(() => parse('1 +'), (e: ParseError) => e instanceof ParseError && /ends too early/.test(e.message));
    assert.throws(() => parse('w[1'), (e: ParseError) => e.offset === 3 && /expected '\]'/.test(e.message));
    assert.throws(() => parse('1 $ 2'), (e: ParseError) => e.offset === 2 && /column 3/.test(e.message));
    assert.throws(() => parse('(1 2)'), /expected '\)'/);
    assert.throws(() => parse(''), /empty/);
    assert.throws(() => ev('q'), /unknown name 'q'/);
  });

  test('a compiled condition is a closure: parsed once, cheap per call', () => {
    const condition = compileExpression('iteration % 100 == 0 && eta > 0');
    const start = process.hrtime.bigint();
    let hits = 0;
    for (let i = 0; i < 100000; i++) if (condition(env) === true) hits++;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.strictEqual(hits, 0);
    assert.ok(ms < 200, `100,000 evaluations took ${ms} ms`);
  });
});

suite('watch expressions: hostile input', () => {
  test('names are looked up as own names only: constructor, __proto__, toString are unknown like any other', () => {
    for (const text of ['constructor', 'constructor[1]', '__proto__[2]', 'toString', 'hasOwnProperty[0]', 'valueOf + 1', '__proto__']) {
      assert.throws(() => ev(text), (e: Error) => e instanceof ExpressionError && /unknown name/.test(e.message), text);
    }
    assert.throws(() => ev('constructor(1)'), /unknown function/);
  });

  test('nesting beyond the fixed depth is an expression error, not a stack overflow', () => {
    for (const text of ['('.repeat(100_000) + '1' + ')'.repeat(100_000), '-'.repeat(100_000) + '1', 'w' + '[1]'.repeat(100_000), '1' + '+1'.repeat(100_000), 'abs('.repeat(50_000) + '1' + ')'.repeat(50_000)]) {
      assert.throws(() => ev(text), (e: Error) => e instanceof ParseError && /nests more than 200 levels deep/.test(e.message), text.slice(0, 20));
    }
    // within the bound everything still works
    assert.strictEqual(ev('('.repeat(150) + '1' + ')'.repeat(150)), 1);
    assert.strictEqual(ev('1' + '+1'.repeat(150)), 151);
    assert.strictEqual(ev('-'.repeat(150) + '2'), 2);
  });
});

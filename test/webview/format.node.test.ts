// The inspector's number formats in plain Node: table cells with a true minus sign, TeX that KaTeX
// reads (powers of ten, symbols for NaN and ±∞, negative factors in parentheses).

import * as assert from 'node:assert';
import { fmt, tex, texFactor, texInt, texTerm } from '../../webview/format';

suite('webview format (plain Node)', () => {
  test('fmt: significant digits and the minus sign U+2212', () => {
    assert.strictEqual(fmt(0.138498562, 4), '0.1385');
    assert.strictEqual(fmt(-0.038098236, 4), '−0.0381');
    assert.strictEqual(fmt(0, 4), '0');
    assert.strictEqual(fmt(12345678, 3), '1.23e+7');
  });

  test('tex: powers of ten, NaN and ±∞ as symbols', () => {
    assert.strictEqual(tex(1.2e-5, 2), '1.2 \\times 10^{-5}');
    assert.strictEqual(tex(-3.5e8, 2), '-3.5 \\times 10^{8}');
    assert.strictEqual(tex(0.75136507, 4), '0.7514');
    assert.strictEqual(tex(NaN, 4), '\\text{NaN}');
    assert.strictEqual(tex(Infinity, 4), '\\infty');
    assert.strictEqual(tex(-Infinity, 4), '-\\infty');
  });

  test('factors always in parentheses, terms only when negative, indices as whole numbers', () => {
    assert.strictEqual(texFactor(0.5, 4), '(0.5)');
    assert.strictEqual(texFactor(-0.5, 4), '(-0.5)');
    assert.strictEqual(texTerm(0.01, 4), '0.01');
    assert.strictEqual(texTerm(-0.01, 4), '(-0.01)');
    assert.strictEqual(texInt(7.9), '7');
  });
});

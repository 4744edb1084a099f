// The one list of a layer's quantities: the notes' symbols (shared/NOTATION.md), which are per sample,
// and that every layer state, snapshot and message carries exactly these.

import * as assert from 'node:assert';
import { COMPUTED_BY, isPerSample, PER_SAMPLE, QUANTITIES, SYMBOL } from '../../src/engine/quantities';

suite('quantities', () => {
  test('the notes’ symbols: ∂y, δ, ∂w, ∂b for the ASCII names dy, delta, dw, db', () => {
    assert.deepStrictEqual(
      QUANTITIES.map((q) => `${q}=${SYMBOL[q]}`),
      ['u=u', 'y=y', 'dy=∂y', 'delta=δ', 'w=w', 'dw=∂w', 'b=b', 'db=∂b'],
    );
  });

  test('u, y, ∂y, δ are per sample; w, b and their gradients are not', () => {
    assert.deepStrictEqual(QUANTITIES.filter(isPerSample), [...PER_SAMPLE]);
    assert.deepStrictEqual([...PER_SAMPLE], ['u', 'y', 'dy', 'delta']);
  });

  test('every quantity is computed by exactly one phase (the backward pass: ∂y before δ)', () => {
    const all = Object.values(COMPUTED_BY).flat();
    assert.deepStrictEqual([...all].sort(), [...QUANTITIES].sort());
    assert.deepStrictEqual(COMPUTED_BY.backward, ['dy', 'delta', 'dw', 'db']);
  });
});

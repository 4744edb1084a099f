// The inspector's reading of a state's `compare` field (webview/panels/tables.ts traceCellsOf): the
// student's numbers by layer and quantity, non-finite numbers by name, and anything malformed left out
// rather than shown wrong.

import * as assert from 'node:assert';
import { traceCellsOf } from '../../webview/panels/tables';

suite('inspector: a student trace in the state', () => {
  test("reads the numbers (non-finite by name), the differing indices and the first difference's equation", () => {
    const t = traceCellsOf({
      file: '/w/t.jsonl',
      agreed: 9,
      sentence: '9 numbers of your trace agreed before iteration 1 · backward · layer 1 · δ[0][0]',
      here: true,
      first: { where: 'iteration 1 · backward · layer 1 · δ[0][0]', equation: 'δ_j = … — yours: 0.03635' },
      yours: [{ layer: 1, quantity: 'delta', values: [0.03635, 'NaN', '-Infinity'], differs: [0, 1] }],
    });
    assert.ok(t);
    assert.strictEqual(t.here, true);
    assert.strictEqual(t.where, 'iteration 1 · backward · layer 1 · δ[0][0]');
    const c = t.cells.get('1:delta');
    assert.ok(c);
    assert.deepStrictEqual(Array.from(c.values), [0.03635, NaN, -Infinity]);
    assert.deepStrictEqual([...c.differs], [0, 1]);
  });

  test('hostile or malformed fields: nothing, or only the well-formed entries', () => {
    for (const raw of [undefined, null, 3, 'x', { sentence: 1, yours: [] }, { sentence: 's' }]) assert.strictEqual(traceCellsOf(raw), undefined);
    const t = traceCellsOf({ sentence: 's', yours: [{ layer: 1, quantity: 'grad', values: [1], differs: [] }, { layer: 'x', quantity: 'u', values: [1], differs: [] }, { layer: 2, quantity: 'u', values: [1, {}], differs: [0.5, 1] }] });
    assert.ok(t);
    assert.deepStrictEqual([...t.cells.keys()], ['2:u']);
    assert.deepStrictEqual(Array.from(t.cells.get('2:u')!.values), [1, NaN]);
    assert.deepStrictEqual([...t.cells.get('2:u')!.differs], [1]);
  });
});

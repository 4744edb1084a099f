// The host → webview messages are checked by the protocol's parser, not by the panel that shows them:
// a gradient check's answer with a malformed entry is refused as a whole.

import * as assert from 'node:assert';
import { parseToWebview } from '../../src/protocol/messages';

const entry = { layer: 1, quantity: 'dw', j: 0, k: 1, analytic: 0.000438568, numeric: 0.000438568, relativeError: 1e-9 };
const result = { entries: [entry], worst: entry, checked: 1, total: 8 };

suite('protocol: messages to the webview', () => {
  test('a gradient check answer passes whole, NaN errors included', () => {
    assert.deepStrictEqual(parseToWebview({ type: 'gradientCheck', result }), { type: 'gradientCheck', result });
    const nan = { ...entry, relativeError: NaN };
    assert.ok(parseToWebview({ type: 'gradientCheck', result: { ...result, entries: [nan], worst: nan } }));
  });

  test('a gradient check answer with a malformed entry or count is refused by the parser', () => {
    for (const bad of [
      { ...result, entries: [{ ...entry, layer: 0 }] },
      { ...result, entries: [{ ...entry, quantity: 'u' }] },
      { ...result, entries: [{ ...entry, analytic: '0.5' }] },
      { ...result, entries: [null] },
      { ...result, checked: -1 },
      { ...result, total: 1.5 },
      { ...result, worst: { layer: 1 } },
    ]) {
      assert.strictEqual(parseToWebview({ type: 'gradientCheck', result: bad }), undefined, JSON.stringify(bad));
    }
  });
});
